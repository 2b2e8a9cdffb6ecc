// How a refused input reads for the person who typed it (or the client that sent it): one message
// per field, in words that fit the kind of value — a number too high is not a "text too long".
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOrThrow, type AppError } from '../../../src/shared/errors';

function fieldsOf(schema: z.ZodType, input: unknown) {
  try {
    parseOrThrow(schema, input);
  } catch (err) {
    return (err as AppError).fields;
  }
  throw new Error('accepted');
}

describe('validation errors by the kind of value', () => {
  const schema = z.strictObject({
    subject: z.string().min(1).max(10),
    baseVersion: z.number().int().min(1).max(5),
    parties: z.array(z.string()).min(1).max(2),
  });

  it('a text too long, a number too high or too low, a list too long or empty', () => {
    expect(fieldsOf(schema, { subject: 'x'.repeat(11), baseVersion: 6, parties: ['a', 'b', 'c'] })).toEqual([
      { path: ['subject'], i18nKey: 'errors.field.tooLong', params: { max: 10 } },
      { path: ['baseVersion'], i18nKey: 'errors.field.tooHigh', params: { max: 5 } },
      { path: ['parties'], i18nKey: 'errors.field.tooMany', params: { max: 2 } },
    ]);
    expect(fieldsOf(schema, { subject: 'x', baseVersion: 0, parties: [] })).toEqual([
      { path: ['baseVersion'], i18nKey: 'errors.field.tooLow', params: { min: 1 } },
      { path: ['parties'], i18nKey: 'errors.field.required' },
    ]);
  });

  it('a text left empty is required, whatever length it asks for; one too short says its minimum', () => {
    const password = z.strictObject({ password: z.string().min(10) });
    expect(fieldsOf(password, { password: '' })).toEqual([{ path: ['password'], i18nKey: 'errors.field.required' }]);
    expect(fieldsOf(password, { password: 'short' })).toEqual([{ path: ['password'], i18nKey: 'errors.field.tooShort', params: { min: 10 } }]);
  });

  it('a number past the safe integers is one message, with the field\'s own bound', () => {
    expect(fieldsOf(schema, { subject: 'x', baseVersion: 1e300, parties: ['a'] })).toEqual([{ path: ['baseVersion'], i18nKey: 'errors.field.tooHigh', params: { max: 5 } }]);
    expect(fieldsOf(z.object({ n: z.number().int() }), { n: -1e300 })).toEqual([{ path: ['n'], i18nKey: 'errors.field.tooLow', params: { min: Number.MIN_SAFE_INTEGER } }]);
  });
});
