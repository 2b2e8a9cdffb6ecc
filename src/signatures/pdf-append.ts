// Writing one incremental update (ISO 32000-1 §7.5.6) after a PDF's last byte: new or changed
// objects, then a cross-reference section of the same kind as the file's last one (a table after
// a table, an xref stream after an xref stream) whose /Prev is the previous one, then startxref.
// The long-term-validation revisions (DSS, document timestamp) are written with it; the PAdES
// signer (pades-sign.ts) has its own copy of this logic inside its revision builder.
import type { PdfFile } from './pdf-file';
import { dict, name, num, serialize, type PdfDict, type PdfValue } from './pdf-objects';

export class RevisionWriter {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private readonly offsets = new Map<number, { offset: number; gen: number }>();
  private next: number;

  constructor(private readonly pdf: PdfFile) {
    const size = pdf.trailer.entries.get('Size');
    if (size?.kind !== 'num') throw new Error('trailer without /Size');
    this.next = size.value;
    // An update starts on a line of its own.
    const lastByte = pdf.read(pdf.size - 1, 1)[0];
    if (lastByte !== 0x0a && lastByte !== 0x0d) this.push('\n');
  }

  /** A number for a new object. */
  allocate(): number {
    return this.next++;
  }

  /** Bytes written so far (offsets inside the revision). */
  get position(): number {
    return this.length;
  }

  push(b: Buffer | string): void {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    this.chunks.push(buf);
    this.length += buf.length;
  }

  private start(n: number, gen: number): void {
    this.offsets.set(n, { offset: this.pdf.size + this.length, gen });
    this.push(`${n} ${gen} obj\n`);
  }

  /** Object `n` (new, or a new version of an existing one, keeping its generation). */
  writeObject(n: number, value: PdfValue): void {
    this.start(n, this.pdf.generationOf(n));
    this.push(Buffer.concat([serialize(value), Buffer.from('\nendobj\n')]));
  }

  /** Object `n` whose text is given whole (a dictionary that needs fixed offsets inside it). */
  writeRaw(n: number, body: (w: RevisionWriter) => void): void {
    this.start(n, this.pdf.generationOf(n));
    body(this);
    this.push('\nendobj\n');
  }

  writeStream(n: number, entries: [string, PdfValue][], data: Buffer): void {
    this.start(n, 0);
    this.push(Buffer.concat([serialize(dict([...entries, ['Length', num(data.length)]])), Buffer.from('\nstream\n'), data, Buffer.from('\nendstream\nendobj\n')]));
  }

  /** Ends the revision with its cross-reference section; returns every byte of it. */
  finish(): Buffer {
    const trailerEntries: [string, PdfValue][] = [];
    for (const key of ['Root', 'Info', 'ID'] as const) {
      const v = this.pdf.trailer.entries.get(key);
      if (v) trailerEntries.push([key, v]);
    }
    trailerEntries.push(['Prev', num(this.pdf.startxref)]);
    let xrefOffset: number;
    if (this.pdf.lastSection.kind === 'stream') {
      const xrefNum = this.allocate();
      xrefOffset = this.pdf.size + this.length;
      this.offsets.set(xrefNum, { offset: xrefOffset, gen: 0 });
      const index: PdfValue[] = [];
      const rows: Buffer[] = [];
      for (const group of contiguous([...this.offsets.keys()].sort((a, b) => a - b))) {
        index.push(num(group[0]!), num(group.length));
        for (const n of group) {
          const row = Buffer.alloc(7);
          row[0] = 1;
          row.writeUInt32BE(this.offsets.get(n)!.offset, 1);
          row.writeUInt16BE(this.offsets.get(n)!.gen, 5);
          rows.push(row);
        }
      }
      const data = Buffer.concat(rows);
      const xdict: PdfDict = dict([
        ['Type', name('XRef')],
        ['Size', num(this.next)],
        ['W', { kind: 'arr', items: [num(1), num(4), num(2)] }],
        ['Index', { kind: 'arr', items: index }],
        ...trailerEntries,
        ['Length', num(data.length)],
      ]);
      this.push(`${xrefNum} 0 obj\n`);
      this.push(Buffer.concat([serialize(xdict), Buffer.from('\nstream\n'), data, Buffer.from('\nendstream\nendobj\n')]));
    } else {
      xrefOffset = this.pdf.size + this.length;
      this.push('xref\n');
      for (const group of contiguous([...this.offsets.keys()].sort((a, b) => a - b))) {
        this.push(`${group[0]} ${group.length}\n`);
        for (const n of group) this.push(`${String(this.offsets.get(n)!.offset).padStart(10, '0')} ${String(this.offsets.get(n)!.gen).padStart(5, '0')} n\r\n`);
      }
      this.push(Buffer.concat([Buffer.from('trailer\n'), serialize(dict([['Size', num(this.next)], ...trailerEntries])), Buffer.from('\n')]));
    }
    this.push(`startxref\n${xrefOffset}\n%%EOF\n`);
    return Buffer.concat(this.chunks);
  }
}

/** Object numbers, sorted, cut into runs of consecutive numbers: one xref subsection each. */
export function contiguous(sorted: number[]): number[][] {
  const groups: number[][] = [];
  for (const n of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] === n - 1) last.push(n);
    else groups.push([n]);
  }
  return groups;
}
