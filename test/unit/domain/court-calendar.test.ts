// The court's clock is Casablanca's, whatever the machine's time zone: just before midnight UTC is
// already tomorrow in Rabat in winter (UTC+1), and in Ramadan Morocco goes back to UTC+0.
import { describe, expect, it } from 'vitest';
import { courtLocalNow, isCourtWorkingWeekday } from '../../../src/domain';
import { courtWallClockText } from '../../../src/shared/court-time-zone';

describe('court calendar', () => {
  it('23:30 UTC on a January Monday is 00:30 on Tuesday in Casablanca', () => {
    expect(courtLocalNow(new Date('2026-01-05T23:30:00Z'))).toEqual({ date: '2026-01-06', time: '00:30' });
  });

  it('during Ramadan 2026 Morocco keeps UTC+0', () => {
    expect(courtLocalNow(new Date('2026-03-01T23:30:00Z'))).toEqual({ date: '2026-03-01', time: '23:30' });
  });

  it('reads an instant on the court wall clock as the views carry it (YYYY-MM-DD HH:MM)', () => {
    // 30 November 2026: Node's zone data says UTC+1 (Chromium's was seen to say UTC+0).
    expect(courtWallClockText(new Date('2026-11-30T12:26:00Z'))).toBe('2026-11-30 13:26');
    expect(courtWallClockText(new Date('2026-03-12T08:05:00Z'))).toBe('2026-03-12 08:05');
  });

  it('courts sit Monday to Friday', () => {
    // 2026-01-05 is a Monday.
    const week = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11'];
    expect(week.map(isCourtWorkingWeekday)).toEqual([true, true, true, true, true, false, false]);
  });
});
