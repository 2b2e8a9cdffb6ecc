// PAdES baseline B-B signatures (SubFilter ETSI.CAdES.detached) appended to a PDF as a new
// revision — an incremental update (ISO 32000-1 §7.5.6).
//
// Why this is written by hand: every PDF library we could use (pdf-lib, @signpdf's placeholder
// helpers, PDF.js, MuPDF) either re-saves the whole file — which changes bytes an earlier
// signature covers and breaks the judge's signature when the clerk countersigns (pdf-lib#1271) —
// or parses the whole document into memory, and @signpdf's plain placeholder cannot read xref
// streams at all (node-signpdf#279). An incremental signature needs little: the trailer and the
// cross-reference sections, the catalog, the AcroForm and one page (pdf-file.ts), and a few new
// objects written after the last byte of the file, so the input is read in small windows, hashed
// as a stream, and never rewritten.
//
// The new revision holds: the signature dictionary (/Contents placeholder of fixed size,
// /ByteRange written in fixed-width fields, /M the signing time — PAdES forbids the CMS
// signing-time attribute), one field that is also its widget (invisible, /Rect [0 0 0 0]), the
// page and the catalog or AcroForm updated to point at it, and a cross-reference section of the
// same kind as the previous one (a table after a table, an xref stream after an xref stream).
// Nothing is written until the token has signed: the output goes to a temporary file in the
// target folder that is renamed over the target, so a failure leaves no partial file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { signCadesDetached, type CmsSigner } from './cades';
import { sha256OfRanges } from './file-digest';
import { PdfFile } from './pdf-file';
import { dict, name, num, ref, serialize, textString, type PdfDict, type PdfValue } from './pdf-objects';

/** Bytes reserved for the CMS: a signer certificate and its chain fit several times over (PITFALLS: ≥ 32 KB with timestamps). */
export const CONTENTS_BYTES = 16 * 1024;
const BYTE_RANGE_FIELD = 10;

export interface PadesOptions {
  reason?: string;
  /** Signer's name for the signature dictionary (/Name). */
  signerName?: string;
  /** Signing time written in /M (default: now). */
  signingTime?: Date;
  /** Bytes reserved for the CMS (default CONTENTS_BYTES). */
  contentsBytes?: number;
  /** Completes the CMS before it is written into /Contents (B-T adds its signature timestamp here, timestamp-client.ts). */
  completeCms?: (cms: Buffer) => Promise<Buffer>;
}

function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

function asDict(v: PdfValue, what: string): PdfDict {
  if (v.kind !== 'dict') throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfCorrupt', { params: { reason: `${what} is not a dictionary` } });
  return v;
}

function copyDict(d: PdfDict): PdfDict {
  return { kind: 'dict', entries: new Map(d.entries) };
}

/** The first page object: signatures hang their (invisible) widget there. */
function firstPage(pdf: PdfFile, catalog: PdfDict): { num: number; page: PdfDict } {
  let node = catalog.entries.get('Pages');
  for (let depth = 0; depth < 64 && node?.kind === 'ref'; depth++) {
    const d = pdf.resolve(node);
    if (d.kind !== 'dict') break;
    const type = d.entries.get('Type');
    if (type?.kind === 'name' && type.name === 'Page') return { num: node.num, page: d };
    const kids = pdf.resolve(d.entries.get('Kids'));
    node = kids.kind === 'arr' ? kids.items[0] : undefined;
  }
  throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfNoPages');
}

interface Revision {
  /** Everything appended after the input's last byte, /Contents still zeros. */
  bytes: Buffer;
  /** Offsets inside `bytes` of the /Contents hex string's '<' and just after its '>'. */
  contentsStart: number;
  contentsEnd: number;
  fieldName: string;
}

/** Counts the signature fields already in the form, to name the new one. */
function signatureFieldCount(pdf: PdfFile, fields: PdfValue[]): number {
  let n = 0;
  const walk = (items: PdfValue[], depth: number) => {
    for (const item of items) {
      const f = pdf.resolve(item);
      if (f.kind !== 'dict' || depth > 16) continue;
      const ft = f.entries.get('FT');
      if (ft?.kind === 'name' && ft.name === 'Sig') n++;
      const kids = pdf.resolve(f.entries.get('Kids'));
      if (kids.kind === 'arr') walk(kids.items, depth + 1);
    }
  };
  walk(fields, 0);
  return n;
}

function buildRevision(pdf: PdfFile, options: PadesOptions, contentsBytes: number): Revision {
  const rootRef = pdf.trailer.entries.get('Root');
  if (rootRef?.kind !== 'ref') throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfBrokenXref');
  const catalog = copyDict(asDict(pdf.resolve(rootRef), 'the catalog'));
  const perms = pdf.resolve(catalog.entries.get('Perms'));
  if (perms.kind === 'dict' && perms.entries.has('DocMDP')) throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfCertified');

  const size = pdf.trailer.entries.get('Size');
  if (size?.kind !== 'num') throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfBrokenXref');
  const sigNum = size.value;
  const fieldNum = sigNum + 1;
  let nextNum = sigNum + 2;

  const { num: pageNum, page: pageIn } = firstPage(pdf, catalog);
  const page = copyDict(pageIn);
  const annots = pdf.resolve(page.entries.get('Annots'));
  page.entries.set('Annots', { kind: 'arr', items: [...(annots.kind === 'arr' ? annots.items : []), ref(fieldNum)] });

  // The AcroForm is updated where it lives: its own object, or inside the catalog.
  const acroRef = catalog.entries.get('AcroForm');
  const acroIn = pdf.resolve(acroRef);
  const acroForm = acroIn.kind === 'dict' ? copyDict(acroIn) : dict([]);
  const fieldsIn = pdf.resolve(acroForm.entries.get('Fields'));
  const existingFields = fieldsIn.kind === 'arr' ? fieldsIn.items : [];
  acroForm.entries.set('Fields', { kind: 'arr', items: [...existingFields, ref(fieldNum)] });
  acroForm.entries.set('SigFlags', num(3));
  const updated: { num: number; value: PdfValue }[] = [];
  if (acroRef?.kind === 'ref' && acroIn.kind === 'dict') updated.push({ num: acroRef.num, value: acroForm });
  else {
    catalog.entries.set('AcroForm', acroForm);
    updated.push({ num: rootRef.num, value: catalog });
  }
  if (pageNum === rootRef.num) throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfBrokenXref');
  updated.push({ num: pageNum, value: page });

  const fieldName = `Signature${signatureFieldCount(pdf, existingFields) + 1}`;
  const field = dict([
    ['Type', name('Annot')],
    ['Subtype', name('Widget')],
    ['FT', name('Sig')],
    ['T', textString(fieldName)],
    ['V', ref(sigNum)],
    ['F', num(132)],
    ['Rect', { kind: 'arr', items: [num(0), num(0), num(0), num(0)] }],
    ['P', ref(pageNum)],
  ]);

  // The signature dictionary is written by hand: /ByteRange and /Contents must sit at known offsets.
  const sigParts: string[] = [
    '<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
    `/ByteRange [0 ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)}]`,
  ];
  const extra: [string, PdfValue][] = [['M', { kind: 'str', raw: Buffer.from(`(${pdfDate(options.signingTime ?? new Date())})`, 'latin1') }]];
  if (options.reason) extra.push(['Reason', textString(options.reason)]);
  if (options.signerName) extra.push(['Name', textString(options.signerName)]);

  const chunks: Buffer[] = [];
  let length = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    chunks.push(buf);
    length += buf.length;
  };
  // An update starts on a line of its own.
  const lastByte = pdf.read(pdf.size - 1, 1)[0];
  if (lastByte !== 0x0a && lastByte !== 0x0d) push('\n');
  const offsets = new Map<number, { offset: number; gen: number }>();
  const startObject = (n: number, gen: number) => {
    offsets.set(n, { offset: pdf.size + length, gen });
    push(`${n} ${gen} obj\n`);
  };

  startObject(sigNum, 0);
  push(`${sigParts.join('\n')}\n`);
  for (const [k, v] of extra) push(Buffer.concat([Buffer.from(`/${k} `), serialize(v), Buffer.from('\n')]));
  push('/Contents ');
  const contentsStart = length;
  push(`<${'0'.repeat(contentsBytes * 2)}>`);
  const contentsEnd = length;
  push('>>\nendobj\n');

  startObject(fieldNum, 0);
  push(Buffer.concat([serialize(field), Buffer.from('\nendobj\n')]));
  for (const u of updated) {
    startObject(u.num, pdf.generationOf(u.num));
    push(Buffer.concat([serialize(u.value), Buffer.from('\nendobj\n')]));
  }

  const trailerEntries: [string, PdfValue][] = [];
  for (const key of ['Root', 'Info', 'ID'] as const) {
    const v = pdf.trailer.entries.get(key);
    if (v) trailerEntries.push([key, v]);
  }
  trailerEntries.push(['Prev', num(pdf.startxref)]);

  let xrefOffset: number;
  if (pdf.lastSection.kind === 'stream') {
    const xrefNum = nextNum++;
    xrefOffset = pdf.size + length;
    offsets.set(xrefNum, { offset: xrefOffset, gen: 0 });
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const index: PdfValue[] = [];
    const rows: Buffer[] = [];
    for (const group of contiguous(nums)) {
      index.push(num(group[0]!), num(group.length));
      for (const n of group) {
        const row = Buffer.alloc(7);
        row[0] = 1;
        row.writeUInt32BE(offsets.get(n)!.offset, 1);
        row.writeUInt16BE(offsets.get(n)!.gen, 5);
        rows.push(row);
      }
    }
    const data = Buffer.concat(rows);
    const xdict = dict([
      ['Type', name('XRef')],
      ['Size', num(nextNum)],
      ['W', { kind: 'arr', items: [num(1), num(4), num(2)] }],
      ['Index', { kind: 'arr', items: index }],
      ...trailerEntries,
      ['Length', num(data.length)],
    ]);
    push(`${xrefNum} 0 obj\n`);
    push(Buffer.concat([serialize(xdict), Buffer.from('\nstream\n'), data, Buffer.from('\nendstream\nendobj\n')]));
  } else {
    xrefOffset = pdf.size + length;
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    push('xref\n');
    for (const group of contiguous(nums)) {
      push(`${group[0]} ${group.length}\n`);
      for (const n of group) push(`${String(offsets.get(n)!.offset).padStart(10, '0')} ${String(offsets.get(n)!.gen).padStart(5, '0')} n\r\n`);
    }
    push(Buffer.concat([Buffer.from('trailer\n'), serialize(dict([['Size', num(nextNum)], ...trailerEntries])), Buffer.from('\n')]));
  }
  push(`startxref\n${xrefOffset}\n%%EOF\n`);

  const bytes = Buffer.concat(chunks);
  // Fill /ByteRange now that every length is known.
  const total = pdf.size + bytes.length;
  const a = pdf.size + contentsStart;
  const b = pdf.size + contentsEnd;
  const fieldText = (n: number) => String(n).padEnd(BYTE_RANGE_FIELD);
  const placeholder = `/ByteRange [0 ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)}]`;
  const at = bytes.indexOf(placeholder, 0, 'latin1');
  bytes.write(`/ByteRange [0 ${fieldText(a)} ${fieldText(b)} ${fieldText(total - b)}]`, at, 'latin1');
  return { bytes, contentsStart, contentsEnd, fieldName };
}

function contiguous(sorted: number[]): number[][] {
  const groups: number[][] = [];
  for (const n of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] === n - 1) last.push(n);
    else groups.push([n]);
  }
  return groups;
}

export interface PadesResult {
  /** The output's size and the SHA-256 of the whole output file. */
  size: number;
  sha256: string;
  fieldName: string;
}

/**
 * Signs `input` into `output` (they may be the same path): a new revision with a PAdES B-B
 * signature by `signer`. Nothing is written unless the whole signature succeeded.
 */
export async function signPdf(input: string, output: string, signer: CmsSigner, options: PadesOptions = {}): Promise<PadesResult> {
  const contentsBytes = options.contentsBytes ?? CONTENTS_BYTES;
  const pdf = PdfFile.open(input);
  let revision: Revision;
  let inputSize: number;
  try {
    revision = buildRevision(pdf, options, contentsBytes);
    inputSize = pdf.size;
  } finally {
    pdf.close();
  }
  const { bytes, contentsStart, contentsEnd } = revision;
  const digest = await sha256OfRanges(input, [{ start: 0, length: inputSize }], Buffer.concat([bytes.subarray(0, contentsStart), bytes.subarray(contentsEnd)]));
  const signed = await signCadesDetached(digest, signer);
  const cms = options.completeCms ? await options.completeCms(signed) : signed;
  if (cms.length > contentsBytes) throw new AppError('SIGNING_FAILED', 'signing.errors.tokenError', { params: { reason: `signature of ${cms.length} bytes exceeds the ${contentsBytes} reserved` } });
  bytes.write(cms.toString('hex').padEnd(contentsBytes * 2, '0'), contentsStart + 1, 'latin1');

  const tmp = path.join(path.dirname(path.resolve(output)), `.${path.basename(output)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.promises.copyFile(input, tmp);
    const handle = await fs.promises.open(tmp, 'r+');
    try {
      // The input may have changed since it was hashed: then the signature would not match it.
      if ((await handle.stat()).size !== inputSize) throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfCorrupt', { params: { reason: 'changed while signing' } });
      await handle.write(bytes, 0, bytes.length, inputSize);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, output);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  const sha256 = (await sha256OfRanges(output, [{ start: 0, length: inputSize + bytes.length }])).toString('hex');
  return { size: inputSize + bytes.length, sha256, fieldName: revision.fieldName };
}
