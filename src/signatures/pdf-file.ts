// Reading what an incremental update needs from a PDF on disk, and nothing more: the last
// `startxref`, the chain of cross-reference sections behind it (classic tables and xref streams,
// through /Prev and /XRefStm), and single objects by number (plain or inside an object stream).
// The file is read through positional reads of small windows, never loaded or parsed whole, so a
// 20 MB scanned judgment costs the same as a one-page one. Whatever cannot be read is a typed
// PDF_UNSUPPORTED with its reason (encrypted, broken xref, not a PDF, cut short), or a
// DOCUMENT_UNREADABLE when the file itself cannot be read (missing, a folder, denied).
import fs from 'node:fs';
import zlib from 'node:zlib';
import { AppError } from '../shared/errors';
import { fileUnreadable, notAFileError } from './file-problems';
import { NeedMoreBytes, PdfLexer, PdfSyntaxError, type PdfDict, type PdfValue } from './pdf-objects';

export type XrefEntry = { type: 'free' } | { type: 'offset'; offset: number; gen: number } | { type: 'compressed'; stream: number; index: number };

export interface XrefSection {
  kind: 'table' | 'stream';
  offset: number;
}

/** Up to `length` bytes of an open file from `offset` (fewer at its end): positional, so no seek is shared. */
export function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

/** Why a file is not a readable PDF: a `signing.reasons.*` key, nested in the message. */
export type PdfCorruptReason = 'pdfNoHeader' | 'pdfCut' | 'pdfDamaged' | 'pdfChanged';

export function corrupt(reason: PdfCorruptReason, cause?: unknown): AppError {
  return new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfCorrupt', { params: { why: reason }, cause });
}
function brokenXref(cause?: unknown): AppError {
  return new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfBrokenXref', { cause });
}

export class PdfFile {
  readonly size: number;
  /** Trailer of the newest revision (for an xref stream: its dictionary). */
  trailer!: PdfDict;
  /** Offset named by the last startxref. */
  startxref!: number;
  /** Where the newest revision read ends: just after its %%EOF. */
  revisionEnd!: number;
  /** How the newest cross-reference section is written: an update must use the same form. */
  lastSection!: XrefSection;
  private readonly xref = new Map<number, XrefEntry>();
  private readonly objectStreams = new Map<number, { offsets: { num: number; offset: number }[]; first: number; data: Buffer }>();

  private constructor(
    readonly path: string,
    private readonly fd: number,
    length?: number,
  ) {
    const size = fs.fstatSync(fd).size;
    this.size = length === undefined ? size : Math.min(size, length);
  }

  /**
   * Opens the file as it stood at its newest revision, or — with `length`, the end of an earlier
   * revision (a signature's or document timestamp's byte range ends there) — as it stood then.
   */
  static open(path: string, length?: number): PdfFile {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (err) {
      throw fileUnreadable(path, err);
    }
    // A folder opens for reading on Linux; its first read fails, which would read as a broken xref.
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      fs.closeSync(fd);
      throw fileUnreadable(path, notAFileError(path, stat));
    }
    const file = new PdfFile(path, fd, length);
    try {
      file.readStructure();
      return file;
    } catch (err) {
      file.close();
      if (err instanceof AppError) throw err;
      throw brokenXref(err);
    }
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }

  read(offset: number, length: number): Buffer {
    return readAt(this.fd, offset, Math.max(0, Math.min(length, this.size - offset)));
  }

  /** Runs `parse` over a window starting at `offset`, growing it until the parse fits. */
  private parseAt<T>(offset: number, parse: (lex: PdfLexer) => T, window = 4096): T {
    if (offset < 0 || offset >= this.size) throw new PdfSyntaxError(`offset ${offset} outside the file`);
    for (;;) {
      const buf = this.read(offset, window);
      const atEof = offset + buf.length >= this.size;
      try {
        return parse(new PdfLexer(buf, 0, atEof));
      } catch (err) {
        if (!(err instanceof NeedMoreBytes) || atEof) throw err;
        window *= 4;
      }
    }
  }

  private readStructure(): void {
    const head = this.read(0, 1024).toString('latin1');
    if (!head.includes('%PDF-')) throw corrupt('pdfNoHeader');
    const tailStart = Math.max(0, this.size - 2048);
    const tail = this.read(tailStart, this.size - tailStart).toString('latin1');
    const at = tail.lastIndexOf('startxref');
    const eof = at < 0 ? -1 : tail.indexOf('%%EOF', at);
    if (eof < 0) throw corrupt('pdfCut');
    this.revisionEnd = tailStart + eof + '%%EOF'.length;
    const m = /^startxref\s+(\d+)/.exec(tail.slice(at));
    if (!m) throw brokenXref();
    this.startxref = Number(m[1]);

    const seen = new Set<number>();
    let offset: number | null = this.startxref;
    let first = true;
    while (offset !== null) {
      if (seen.has(offset) || seen.size > 1000) throw brokenXref();
      seen.add(offset);
      const section = this.readSection(offset);
      if (first) {
        this.trailer = section.trailer;
        this.lastSection = { kind: section.kind, offset };
        first = false;
      }
      const stm = section.trailer.entries.get('XRefStm');
      if (section.kind === 'table' && stm?.kind === 'num') this.readSection(stm.value);
      const prev = section.trailer.entries.get('Prev');
      offset = prev?.kind === 'num' ? prev.value : null;
    }
    if (this.trailer.entries.has('Encrypt')) throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfEncrypted');
    const root = this.trailer.entries.get('Root');
    if (root?.kind !== 'ref') throw brokenXref();
    // The catalog must be where the xref says: a wrong offset is the common "broken xref".
    const catalog = this.getObject(root.num);
    if (catalog.kind !== 'dict') throw brokenXref();
  }

  /** Entries of one section go in only where a newer section said nothing (newest wins). */
  private put(num: number, entry: XrefEntry): void {
    if (!this.xref.has(num)) this.xref.set(num, entry);
  }

  private readSection(offset: number): { kind: 'table' | 'stream'; trailer: PdfDict } {
    const word = this.parseAt(offset, (lex) => lex.peekWord(), 64);
    if (word === 'xref') return { kind: 'table', trailer: this.readTable(offset) };
    return { kind: 'stream', trailer: this.readXrefStream(offset) };
  }

  private readTable(offset: number): PdfDict {
    return this.parseAt(
      offset,
      (lex) => {
        lex.expectWord('xref');
        const entries: [number, XrefEntry][] = [];
        for (;;) {
          const w = lex.word();
          if (w === 'trailer') break;
          const start = Number(w);
          const count = Number(lex.word());
          if (!Number.isInteger(start) || !Number.isInteger(count) || count < 0) throw new PdfSyntaxError('bad xref subsection');
          for (let i = 0; i < count; i++) {
            const off = Number(lex.word());
            const gen = Number(lex.word());
            const type = lex.word();
            if (type !== 'n' && type !== 'f') throw new PdfSyntaxError('bad xref entry');
            entries.push([start + i, type === 'n' ? { type: 'offset', offset: off, gen } : { type: 'free' }]);
          }
        }
        const trailer = lex.value();
        if (trailer.kind !== 'dict') throw new PdfSyntaxError('trailer is not a dictionary');
        for (const [n, e] of entries) this.put(n, e);
        return trailer;
      },
      64 * 1024,
    );
  }

  private readXrefStream(offset: number): PdfDict {
    const { dict, data } = this.readStreamObject(offset, null);
    if (dict.entries.get('Type')?.kind !== 'name' || (dict.entries.get('Type') as { name: string }).name !== 'XRef') throw new PdfSyntaxError('not an xref stream');
    const w = arrayOfNumbers(dict.entries.get('W'));
    const size = numberOf(dict.entries.get('Size'));
    const index = dict.entries.has('Index') ? arrayOfNumbers(dict.entries.get('Index')) : [0, size];
    if (w.length !== 3) throw new PdfSyntaxError('bad /W');
    const rowLength = w[0]! + w[1]! + w[2]!;
    const field = (row: number, at: number, width: number, dflt: number) => {
      if (width === 0) return dflt;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + data[row + at + i]!;
      return v;
    };
    let row = 0;
    for (let s = 0; s + 1 < index.length; s += 2) {
      for (let i = 0; i < index[s + 1]!; i++, row += rowLength) {
        if (row + rowLength > data.length) throw new PdfSyntaxError('xref stream shorter than its /Index');
        const type = field(row, 0, w[0]!, 1);
        const a = field(row, w[0]!, w[1]!, 0);
        const b = field(row, w[0]! + w[1]!, w[2]!, 0);
        const num = index[s]! + i;
        if (type === 0) this.put(num, { type: 'free' });
        else if (type === 1) this.put(num, { type: 'offset', offset: a, gen: b });
        else if (type === 2) this.put(num, { type: 'compressed', stream: a, index: b });
      }
    }
    return dict;
  }

  /** Parses "n g obj <<…>> stream … endstream" at `offset` and returns the decoded stream data. */
  private readStreamObject(offset: number, expectNum: number | null): { dict: PdfDict; data: Buffer } {
    const { dict, dataStart } = this.parseAt(offset, (lex) => {
      const n = Number(lex.word());
      lex.word();
      lex.expectWord('obj');
      if (expectNum !== null && n !== expectNum) throw new PdfSyntaxError(`object ${expectNum} is not at ${offset}`);
      const d = lex.value();
      if (d.kind !== 'dict') throw new PdfSyntaxError('stream without a dictionary');
      lex.expectWord('stream');
      let p = lex.pos;
      if (lex.buf[p] === 0x0d) p++;
      if (lex.buf[p] === 0x0a) p++;
      return { dict: d, dataStart: offset + p };
    });
    const lengthValue = dict.entries.get('Length');
    const length = lengthValue?.kind === 'ref' ? numberOf(this.getObject(lengthValue.num)) : numberOf(lengthValue);
    const raw = this.read(dataStart, length);
    if (raw.length !== length) throw new PdfSyntaxError('stream runs past the end of the file');
    return { dict, data: decodeStream(dict, raw) };
  }

  /** The newest version of object `num` (its value; for a stream, its dictionary). */
  getObject(num: number): PdfValue {
    const entry = this.xref.get(num);
    if (!entry || entry.type === 'free') return { kind: 'null' };
    if (entry.type === 'offset') {
      return this.parseAt(entry.offset, (lex) => {
        const n = Number(lex.word());
        lex.word();
        lex.expectWord('obj');
        if (n !== num) throw new PdfSyntaxError(`object ${num} is not at ${entry.offset}`);
        return lex.value();
      });
    }
    const stream = this.objectStream(entry.stream);
    const at = stream.offsets[entry.index];
    if (!at || at.num !== num) throw new PdfSyntaxError(`object ${num} is not in object stream ${entry.stream}`);
    return new PdfLexer(stream.data, stream.first + at.offset, true).value();
  }

  /** The decoded data of stream object `num` (a stream at a file offset, as a DSS's entries are). */
  getStreamData(num: number): Buffer {
    const entry = this.xref.get(num);
    if (entry?.type !== 'offset') throw new PdfSyntaxError(`stream ${num} not found`);
    return this.readStreamObject(entry.offset, num).data;
  }

  /** Generation number of the newest version of `num` (0 inside object streams). */
  generationOf(num: number): number {
    const e = this.xref.get(num);
    return e?.type === 'offset' ? e.gen : 0;
  }

  /** Follows a reference to its value; other values are returned as they are. */
  resolve(v: PdfValue | undefined): PdfValue {
    let cur: PdfValue = v ?? { kind: 'null' };
    for (let i = 0; cur.kind === 'ref' && i < 32; i++) cur = this.getObject(cur.num);
    return cur;
  }

  private objectStream(num: number): { offsets: { num: number; offset: number }[]; first: number; data: Buffer } {
    const known = this.objectStreams.get(num);
    if (known) return known;
    const entry = this.xref.get(num);
    if (entry?.type !== 'offset') throw new PdfSyntaxError(`object stream ${num} not found`);
    const { dict, data } = this.readStreamObject(entry.offset, num);
    const n = numberOf(dict.entries.get('N'));
    const first = numberOf(dict.entries.get('First'));
    const lex = new PdfLexer(data, 0, true);
    const offsets: { num: number; offset: number }[] = [];
    for (let i = 0; i < n; i++) offsets.push({ num: Number(lex.word()), offset: Number(lex.word()) });
    const parsed = { offsets, first, data };
    this.objectStreams.set(num, parsed);
    return parsed;
  }
}

export function numberOf(v: PdfValue | undefined): number {
  if (v?.kind !== 'num') throw new PdfSyntaxError('expected a number');
  return v.value;
}

function arrayOfNumbers(v: PdfValue | undefined): number[] {
  if (v?.kind !== 'arr') throw new PdfSyntaxError('expected an array');
  return v.items.map((i) => numberOf(i));
}

function decodeStream(dict: PdfDict, raw: Buffer): Buffer {
  const filter = dict.entries.get('Filter');
  const filters = filter === undefined ? [] : filter.kind === 'arr' ? filter.items : [filter];
  if (filters.length === 0) return raw;
  const only = filters[0];
  if (filters.length !== 1 || only?.kind !== 'name' || only.name !== 'FlateDecode') throw new PdfSyntaxError('unsupported stream filter');
  const inflated = zlib.inflateSync(raw);
  const parms = dict.entries.get('DecodeParms');
  if (parms?.kind !== 'dict') return inflated;
  const predictor = parms.entries.get('Predictor');
  if (predictor?.kind !== 'num' || predictor.value < 10) return inflated;
  const columns = parms.entries.get('Columns')?.kind === 'num' ? numberOf(parms.entries.get('Columns')) : 1;
  return pngUnpredict(inflated, columns);
}

/** Undoes PNG row predictors (xref streams are usually written with Predictor 12, "Up"). */
function pngUnpredict(data: Buffer, columns: number): Buffer {
  const rowLength = columns + 1;
  const rows = Math.floor(data.length / rowLength);
  const out = Buffer.alloc(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowLength]!;
    for (let c = 0; c < columns; c++) {
      const x = data[r * rowLength + 1 + c]!;
      const left = c > 0 ? out[r * columns + c - 1]! : 0;
      const up = r > 0 ? out[(r - 1) * columns + c]! : 0;
      const upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1]! : 0;
      let v: number;
      if (type === 0) v = x;
      else if (type === 1) v = x + left;
      else if (type === 2) v = x + up;
      else if (type === 3) v = x + Math.floor((left + up) / 2);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw new PdfSyntaxError(`unknown PNG predictor ${type}`);
      out[r * columns + c] = v & 0xff;
    }
  }
  return out;
}
