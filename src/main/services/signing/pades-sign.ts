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
// signing-time attribute), one field that is also its widget — invisible (/Rect [0 0 0 0]) on the
// first page, or, when a stamp is asked, visible with the stamp as its appearance stream on the
// chosen page (stamp/: the last page by default, clear of earlier stamps) —, the page and the
// catalog or AcroForm updated to point at it, and a cross-reference section of the
// same kind as the previous one (a table after a table, an xref stream after an xref stream).
// The input is read once, hashed and copied into a temporary file in the target folder in the same
// pass; the file is completed once the token has signed, synced and renamed over the target. Any
// failure removes it, so no partial file is ever left where the output is expected.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { signCadesDetached, type CmsSigner } from '../../../signatures/cades';
import { hashRanges } from '../../../signatures/file-digest';
import { contiguous } from '../../../signatures/pdf-append';
import { corrupt, PdfFile } from '../../../signatures/pdf-file';
import { dict, name, num, ref, serialize, textString, type PdfDict, type PdfValue } from '../../../signatures/pdf-objects';
import { buildStamp, loadStampFonts, STAMP_HEIGHT, STAMP_WIDTH, type StampContent, type StampFonts, type StampObject } from './stamp/signature-stamp';
import { checkRect, findPage, placeStamp, signatureRects, userRect, visibleBox, visibleRect, type StampPlacement } from './stamp/stamp-placement';

/** A visible signature: what the stamp says and where it goes. */
export type StampOptions = StampContent & StampPlacement;

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
  /** A visible stamp (the signature's widget appearance); none = an invisible signature. */
  stamp?: StampOptions;
  /** Completes the CMS before it is written into /Contents (B-T adds its signature timestamp here, timestamp-client.ts). */
  completeCms?: (cms: Buffer) => Promise<Buffer>;
}

function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

function asDict(v: PdfValue, what: string): PdfDict {
  if (v.kind !== 'dict') throw corrupt('pdfDamaged', new Error(`${what} is not a dictionary`));
  return v;
}

function copyDict(d: PdfDict): PdfDict {
  return { kind: 'dict', entries: new Map(d.entries) };
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

function buildRevision(pdf: PdfFile, options: PadesOptions, contentsBytes: number, stampFonts: StampFonts | null): Revision {
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

  const signingTime = options.signingTime ?? new Date();
  // An invisible signature hangs on the first page; a stamp on the page asked for (default the last).
  const { num: pageNum, page: pageIn, box, rotate } = findPage(pdf, catalog, options.stamp ? (options.stamp.page ?? 'last') : 'first');
  let widgetRect: number[] = [0, 0, 0, 0];
  let stamp: { appearance: number; objects: StampObject[] } | null = null;
  if (options.stamp && stampFonts) {
    // Placed in the frame the page is shown in (bottom right as a reader sees it), kept in user space.
    const taken = signatureRects(pdf, pageIn).map((r) => visibleRect(box, rotate, r));
    const rect = options.stamp.rect ? checkRect(box, options.stamp.rect) : userRect(box, rotate, placeStamp(visibleBox(box, rotate), taken, STAMP_WIDTH, STAMP_HEIGHT));
    const shown = visibleRect(box, rotate, rect);
    widgetRect = rect;
    stamp = buildStamp(stampFonts, options.stamp, signingTime, () => nextNum++, shown[2] - shown[0], shown[3] - shown[1], rotate);
  }
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
    ['Rect', { kind: 'arr', items: widgetRect.map((v) => num(Math.round(v * 100) / 100)) }],
    ['P', ref(pageNum)],
    ...(stamp ? ([['AP', dict([['N', ref(stamp.appearance)]])]] as [string, PdfValue][]) : []),
  ]);

  // The signature dictionary is written by hand: /ByteRange and /Contents must sit at known offsets.
  const sigParts: string[] = [
    '<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
    `/ByteRange [0 ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)}]`,
  ];
  const extra: [string, PdfValue][] = [['M', { kind: 'str', raw: Buffer.from(`(${pdfDate(signingTime)})`, 'latin1') }]];
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
  for (const o of stamp?.objects ?? []) {
    startObject(o.num, 0);
    push(Buffer.concat([o.bytes, Buffer.from('\nendobj\n')]));
  }
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
  // Before the input is opened: the first stamp of the process loads HarfBuzz and the fonts.
  const stampFonts = options.stamp ? await loadStampFonts() : null;
  const pdf = PdfFile.open(input);
  let revision: Revision;
  let inputSize: number;
  try {
    revision = buildRevision(pdf, options, contentsBytes, stampFonts);
    inputSize = pdf.size;
  } finally {
    pdf.close();
  }
  const { bytes, contentsStart, contentsEnd } = revision;
  const tmp = path.join(path.dirname(path.resolve(output)), `.${path.basename(output)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.promises.open(tmp, 'wx');
  let open = true;
  try {
    // One pass over the input: hashed for the signature and copied into the temporary file, so the
    // bytes signed are the bytes written, and a 20 MB input is read once.
    const hash = crypto.createHash('sha256');
    let written = 0;
    await hashRanges(hash, input, [{ start: 0, length: inputSize }], async (chunk) => {
      await handle.write(chunk, 0, chunk.length, written);
      written += chunk.length;
    });
    const outputHash = hash.copy();
    hash.update(bytes.subarray(0, contentsStart));
    hash.update(bytes.subarray(contentsEnd));
    const signed = await signCadesDetached(hash.digest(), signer);
    const cms = options.completeCms ? await options.completeCms(signed) : signed;
    if (cms.length > contentsBytes) throw new AppError('SIGNING_FAILED', 'signing.errors.tokenError', { params: { reason: `signature of ${cms.length} bytes exceeds the ${contentsBytes} reserved` } });
    bytes.write(cms.toString('hex').padEnd(contentsBytes * 2, '0'), contentsStart + 1, 'latin1');
    await handle.write(bytes, 0, bytes.length, inputSize);
    await handle.sync();
    open = false;
    await handle.close();
    outputHash.update(bytes);
    await fs.promises.rename(tmp, output);
    return { size: inputSize + bytes.length, sha256: outputHash.digest('hex'), fieldName: revision.fieldName };
  } catch (err) {
    if (open) await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
