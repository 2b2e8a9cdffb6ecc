// The PDF object syntax the signer reads and writes: references told from numbers, strings kept
// byte for byte, names with #xx escapes, nested dictionaries, a short buffer asking for more bytes
// rather than guessing, and what is printed parsing back to the same value.
import { describe, expect, it } from 'vitest';
import { NeedMoreBytes, PdfLexer, PdfSyntaxError, serialize, stringBytes, textOf, textString, type PdfValue } from '../../../../src/signatures/pdf-objects';

function parse(text: string, atEof = true): PdfValue {
  return new PdfLexer(Buffer.from(text, 'latin1'), 0, atEof).value();
}

describe('PDF objects', () => {
  it('parses a catalog-like dictionary with references, arrays, names and strings', () => {
    const v = parse('<</Type /Catalog /Pages 3 0 R /Kids [4 0 R 5 0 R 7] /Name#20X (a\\(b\\)c) /Hex <48 65> /F 1.5 /B true /N null>>');
    expect(v.kind).toBe('dict');
    if (v.kind !== 'dict') return;
    expect(v.entries.get('Pages')).toEqual({ kind: 'ref', num: 3, gen: 0 });
    expect(v.entries.get('Kids')).toEqual({
      kind: 'arr',
      items: [
        { kind: 'ref', num: 4, gen: 0 },
        { kind: 'ref', num: 5, gen: 0 },
        { kind: 'num', value: 7, raw: '7' },
      ],
    });
    expect(v.entries.has('Name X')).toBe(true);
    expect(stringBytes(v.entries.get('Name X')!).toString('latin1')).toBe('a(b)c');
    expect(stringBytes(v.entries.get('Hex')!).toString('latin1')).toBe('He');
    expect(v.entries.get('B')).toEqual({ kind: 'bool', value: true });
    expect(v.entries.get('N')).toEqual({ kind: 'null' });
  });

  it('prints what it parsed so that it parses back to the same value, strings byte for byte', () => {
    const source = '<</A [1 0 R (x\\) y) <00ff>] /B <</C /D#23E>> /Odd#2Fname 2>>';
    const v = parse(source);
    const again = parse(serialize(v).toString('latin1'));
    expect(again).toEqual(v);
    expect(serialize(v).toString('latin1')).toContain('(x\\) y)');
  });

  it('keeps text strings in any script (UTF-16BE with BOM)', () => {
    expect(textOf(textString('حكم — jugement'))).toBe('حكم — jugement');
    expect(textOf(parse('(Signature1)'))).toBe('Signature1');
  });

  it('asks for more bytes when the buffer ends inside an object, and refuses non-PDF syntax', () => {
    expect(() => parse('<</Type /Cat', false)).toThrow(NeedMoreBytes);
    expect(() => parse('<</Type /Cat', true)).toThrow(PdfSyntaxError);
    expect(() => parse('<</Key }>>')).toThrow(PdfSyntaxError);
  });
});
