// Foreign text set in an Arabic sentence (an address, a library's reason) is isolated so the bidi
// algorithm cannot reorder it with the sentence's own brackets; dates and counts reach their
// formatters untouched.
import { describe, expect, it } from 'vitest';
import { isolateForeignParams } from '../../../src/renderer/i18n/isolated-params';
import { catalogueMessage } from '../../../src/shared/i18n/message';

describe('isolateForeignParams', () => {
  it('wraps the foreign-text parameters in a first-strong isolate and nothing else', () => {
    expect(isolateForeignParams({ url: 'http://127.0.0.1:46055/tsa', reason: 'answered HTTP 503', number: '2026/1201/3', count: 2, date: '2026-04-14', code: '' })).toEqual({
      url: '\u2068http://127.0.0.1:46055/tsa\u2069',
      reason: '\u2068answered HTTP 503\u2069',
      number: '2026/1201/3',
      count: 2,
      date: '2026-04-14',
      code: '',
    });
    expect(isolateForeignParams(undefined)).toEqual({});
  });

  it('keeps the Arabic sentence whole around an isolated address and reason', () => {
    const text = catalogueMessage('ar', 'signing.errors.extendTsaUnreachable', isolateForeignParams({ url: 'http://tsa.example/ts', reason: 'answered HTTP 503' }) as Record<string, string>);
    expect(text).toContain('\u2068http://tsa.example/ts\u2069');
    expect(text).toContain('(\u2068answered HTTP 503\u2069)');
    // Each isolate is closed: as many U+2069 as U+2068.
    expect(text.split('\u2068').length).toBe(text.split('\u2069').length);
  });
});
