// Property: whatever diacritics, tatweel, alef forms or accents a clerk typed when registering a
// party, typing the bare name (or the bare beginning of each word) in quick find finds the case.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickFind } from '../../../src/domain';
import { openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

const ARABIC_BASE = 'بتثجحخدذرزسشصضطظعغفقكلمنهوي'.split('');
const TASHKEEL = ['\u064E', '\u064F', '\u0650', '\u0652', '\u064B'];
const ALEF_FORMS = ['\u0627', '\u0623', '\u0625', '\u0622'];
const LATIN = 'abcdefghijklmnopqrstuvwxyz'.split('');
const ACCENTED: Record<string, string[]> = { a: ['à', 'â', 'ä'], e: ['é', 'è', 'ê', 'ë'], i: ['î', 'ï'], o: ['ô', 'ö'], u: ['ù', 'û', 'ü'], c: ['ç'] };

const arabicWord = fc.array(fc.constantFrom(...ARABIC_BASE, 'ا'), { minLength: 3, maxLength: 7 }).map((a) => a.join(''));
const latinWord = fc.array(fc.constantFrom(...LATIN), { minLength: 3, maxLength: 9 }).map((a) => a.join(''));

function decorateArabic(word: string, seed: number[]): string {
  return [...word]
    .map((ch, i) => {
      const k = seed[i % seed.length]! + i;
      if (ch === 'ا') return ALEF_FORMS[k % ALEF_FORMS.length]!;
      return k % 3 === 0 ? ch : k % 3 === 1 ? ch + TASHKEEL[k % TASHKEEL.length]! : `${ch}\u0651\u0640`;
    })
    .join('');
}
function decorateLatin(word: string, seed: number[]): string {
  return [...word]
    .map((ch, i) => {
      const k = seed[i % seed.length]! + i;
      const options = ACCENTED[ch];
      const out = options && k % 2 === 0 ? options[k % options.length]! : ch;
      return i === 0 ? out.toUpperCase() : out;
    })
    .join('');
}

let court: TestCourt;
beforeAll(async () => {
  court = await openTestCourt();
});
afterAll(async () => {
  await court.close();
});

describe('quick find by a name typed without diacritics', () => {
  it('finds the case registered under the decorated name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arabicWord, { minLength: 1, maxLength: 3 }),
        fc.array(latinWord, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (arWords, latinWords, seed, searchArabic) => {
          const nameAr = arWords.map((w) => decorateArabic(w, seed)).join(' ');
          const nameLatin = latinWords.map((w) => decorateLatin(w, seed)).join(' ');
          const { caseId } = await registerSampleCase(court, {
            parties: [
              { party: { newParty: { kind: 'person', nameAr, nameLatin } }, role: 'plaintiff' },
              { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس' } }, role: 'defendant' },
            ],
          });
          // Bare words as typed on a keyboard without diacritics; for Latin, only the first letters.
          const typed = searchArabic ? arWords.join(' ') : latinWords.map((w) => w.slice(0, 3)).join(' ');
          const { rows } = await quickFind(court.db, court.courtId, { text: typed, limit: 50, today: '2026-06-01' });
          expect(rows.map((r) => r.id)).toContain(caseId);
          expect(rows.find((r) => r.id === caseId)!.matchedText).toBe(searchArabic ? nameAr : nameLatin);
        },
      ),
      { numRuns: 60 },
    );
  });
});
