// The few PDF syntax pieces the signer needs (ISO 32000-1 §7.2–7.3): a tokenizer and parser for
// objects (numbers, names, strings, arrays, dictionaries, references) and a writer that prints
// them back. Strings keep their raw bytes so that what we copy into a new revision is byte for
// byte what the author wrote. It parses single objects on demand; it is not a PDF reader.

export type PdfValue =
  | { kind: 'num'; value: number; raw: string }
  | { kind: 'name'; name: string }
  | { kind: 'str'; raw: Buffer }
  | { kind: 'ref'; num: number; gen: number }
  | { kind: 'arr'; items: PdfValue[] }
  | { kind: 'dict'; entries: Map<string, PdfValue> }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' };
export type PdfDict = Extract<PdfValue, { kind: 'dict' }>;

/** The parser reached the end of the bytes it was given before the object ended: read more. */
export class NeedMoreBytes extends Error {}
/** The bytes are not PDF syntax where an object was expected. */
export class PdfSyntaxError extends Error {}

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export class PdfLexer {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start = 0,
    /** True when `buf` ends where the file ends (running out is then a syntax error, not a short read). */
    readonly atEof = false,
  ) {
    this.pos = start;
  }

  private short(): never {
    if (this.atEof) throw new PdfSyntaxError('unexpected end of file');
    throw new NeedMoreBytes();
  }

  skipSpace(): void {
    const b = this.buf;
    for (;;) {
      while (this.pos < b.length && WS.has(b[this.pos]!)) this.pos++;
      if (this.pos < b.length && b[this.pos] === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
        continue;
      }
      return;
    }
  }

  /** A bare word (keyword or number) at the current position, without consuming it. */
  peekWord(): string {
    this.skipSpace();
    let end = this.pos;
    while (end < this.buf.length && !WS.has(this.buf[end]!) && !DELIM.has(this.buf[end]!)) end++;
    if (end === this.buf.length && !this.atEof) throw new NeedMoreBytes();
    return this.buf.toString('latin1', this.pos, end);
  }

  word(): string {
    const w = this.peekWord();
    this.pos += w.length;
    return w;
  }

  expectWord(w: string): void {
    const got = this.word();
    if (got !== w) throw new PdfSyntaxError(`expected "${w}", found "${got.slice(0, 20)}" at ${this.pos}`);
  }

  value(): PdfValue {
    this.skipSpace();
    const b = this.buf;
    if (this.pos >= b.length) this.short();
    const c = b[this.pos]!;
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) {
      if (this.pos + 1 >= b.length) this.short();
      if (b[this.pos + 1] === 0x3c) return this.dict();
      return this.hexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= b.length) this.short();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return { kind: 'arr', items };
        }
        items.push(this.value());
      }
    }
    const w = this.word();
    if (w === 'true' || w === 'false') return { kind: 'bool', value: w === 'true' };
    if (w === 'null') return { kind: 'null' };
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
      // "n g R" is a reference: look ahead without committing.
      if (/^\d+$/.test(w)) {
        const save = this.pos;
        try {
          const g = this.peekWord();
          if (/^\d+$/.test(g)) {
            this.pos += g.length;
            if (this.peekWord() === 'R') {
              this.pos += 1;
              return { kind: 'ref', num: Number(w), gen: Number(g) };
            }
          }
        } catch (err) {
          if (!(err instanceof PdfSyntaxError)) throw err;
        }
        this.pos = save;
      }
      return { kind: 'num', value: Number(w), raw: w };
    }
    throw new PdfSyntaxError(`unexpected "${w.slice(0, 20)}" at ${this.pos}`);
  }

  private name(): PdfValue {
    this.pos++;
    let end = this.pos;
    while (end < this.buf.length && !WS.has(this.buf[end]!) && !DELIM.has(this.buf[end]!)) end++;
    if (end === this.buf.length && !this.atEof) throw new NeedMoreBytes();
    const raw = this.buf.toString('latin1', this.pos, end);
    this.pos = end;
    return { kind: 'name', name: raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) };
  }

  private literalString(): PdfValue {
    const start = this.pos;
    let depth = 0;
    const b = this.buf;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c) this.pos++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return { kind: 'str', raw: Buffer.from(b.subarray(start, this.pos)) };
    }
    this.short();
  }

  private hexString(): PdfValue {
    const end = this.buf.indexOf(0x3e, this.pos);
    if (end < 0) this.short();
    const raw = Buffer.from(this.buf.subarray(this.pos, end + 1));
    this.pos = end + 1;
    return { kind: 'str', raw };
  }

  private dict(): PdfDict {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if (this.pos + 1 >= this.buf.length) this.short();
      if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return { kind: 'dict', entries };
      }
      const key = this.value();
      if (key.kind !== 'name') throw new PdfSyntaxError(`dictionary key is not a name at ${this.pos}`);
      entries.set(key.name, this.value());
    }
  }
}

/** The bytes of a string value: literal strings unescaped, hex strings decoded. */
export function stringBytes(v: PdfValue): Buffer {
  if (v.kind !== 'str') throw new PdfSyntaxError('not a string');
  const raw = v.raw;
  if (raw[0] === 0x3c) {
    const hex = raw.toString('latin1', 1, raw.length - 1).replace(/[^0-9a-fA-F]/g, '');
    return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
  }
  const out: number[] = [];
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw[i]!;
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    const n = raw[++i]!;
    const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
    if (n in simple) out.push(simple[n]!);
    else if (n >= 0x30 && n <= 0x37) {
      let oct = n - 0x30;
      for (let k = 0; k < 2 && raw[i + 1]! >= 0x30 && raw[i + 1]! <= 0x37; k++) oct = oct * 8 + (raw[++i]! - 0x30);
      out.push(oct & 0xff);
    } else if (n === 0x0d) {
      if (raw[i + 1] === 0x0a) i++;
    } else if (n !== 0x0a) out.push(n);
  }
  return Buffer.from(out);
}

/** A PDF text string (UTF-16BE with BOM, or PDFDocEncoding read as Latin-1) as a JS string. */
export function textOf(v: PdfValue | undefined): string | null {
  if (!v || v.kind !== 'str') return null;
  const b = stringBytes(v);
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
  return b.toString('latin1');
}

/** A text string for any script: UTF-16BE with its BOM, written as a hex string. */
export function textString(s: string): PdfValue {
  const utf16be = Buffer.from(s, 'utf16le').swap16();
  return { kind: 'str', raw: Buffer.from(`<FEFF${utf16be.toString('hex').toUpperCase()}>`, 'latin1') };
}

export function num(n: number): PdfValue {
  return { kind: 'num', value: n, raw: String(n) };
}
export function name(n: string): PdfValue {
  return { kind: 'name', name: n };
}
export function ref(num: number, gen = 0): PdfValue {
  return { kind: 'ref', num, gen };
}
export function dict(entries: [string, PdfValue][]): PdfDict {
  return { kind: 'dict', entries: new Map(entries) };
}

function writeName(n: string): string {
  let out = '/';
  for (const ch of n) {
    const c = ch.charCodeAt(0);
    out += c < 0x21 || c > 0x7e || c === 0x23 || DELIM.has(c) ? `#${c.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

/** The value printed as PDF syntax (Latin-1 bytes). */
export function serialize(v: PdfValue): Buffer {
  // Parts are collected and joined once: a Buffer.concat per nested value made a font's /W array
  // of a few hundred numbers cost milliseconds (bench:sign).
  const parts: (string | Buffer)[] = [];
  write(v, parts);
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
}

function write(v: PdfValue, parts: (string | Buffer)[]): void {
  switch (v.kind) {
    case 'num':
      parts.push(v.raw);
      return;
    case 'name':
      parts.push(writeName(v.name));
      return;
    case 'str':
      parts.push(v.raw);
      return;
    case 'ref':
      parts.push(`${v.num} ${v.gen} R`);
      return;
    case 'bool':
      parts.push(String(v.value));
      return;
    case 'null':
      parts.push('null');
      return;
    case 'arr':
      parts.push('[');
      v.items.forEach((item, i) => {
        if (i) parts.push(' ');
        write(item, parts);
      });
      parts.push(']');
      return;
    case 'dict':
      parts.push('<<');
      for (const [k, val] of v.entries) {
        parts.push(writeName(k), ' ');
        write(val, parts);
      }
      parts.push('>>');
      return;
  }
}
