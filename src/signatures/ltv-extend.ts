// Long-term validation by incremental update: B-LT (the PDF's DSS dictionary, ETSI EN 319 142-1
// §5.4.2, with the certificates of every signature's chain and of its timestamp authorities, and
// the OCSP responses or CRLs fetched for them) and B-LTA (a document timestamp, /Type
// /DocTimeStamp with SubFilter ETSI.RFC3161, over the whole file including that DSS), each
// revision appended after the file's last byte, so every earlier signature stays valid. Run again
// later (before the TSA's certificate expires) it adds the validation data of the previous
// document timestamp and a new one on top: the archive chain of B-LTA.
//
// A signature made without a TSA (B-B) gets its trusted time from the first document timestamp
// over it (EN 319 142-1 §6.3; pdf-verify.ts says how the levels are read), whose TSA's validation
// data only exists once that timestamp does: so its extension is TWO revisions — DSS + document
// timestamp, then the DSS with that TSA's data + a second document timestamp — and without a TSA
// it cannot be extended at all (extendNeedsTimestamp). The level returned is what the verifier
// reads on the output (its lowest signature's), never what was aimed at; short of the aim, nothing
// is written (extensionLevelNotReached).
//
// Nothing is written until every piece was fetched and the TSA answered: the output goes to a
// temporary file renamed over the target. The trust anchors say where each chain ends (the
// anchor's own revocation is not asked).
import crypto, { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors';
import { levelRank, type BaselineLevel, type ExtensionLevel } from '../shared/schemas/judgment-signing';
import { chainStatus } from './cms-verify';
import { sha256OfRanges } from './file-digest';
import { corrupt, PdfFile } from './pdf-file';
import { dict, name, num, ref, serialize, stringBytes, textString, type PdfDict, type PdfValue } from './pdf-objects';
import { RevisionWriter } from './pdf-append';
import { newestArchiveTimestamp } from './archive-timestamp';
import { signatureFields, verifyPdf, type PdfVerification } from './pdf-verify';
import { fetchValidationData, revocationStatus, type ValidationData } from './revocation';
import { requestTimestamp } from './timestamp-client';
import { parseTimestampToken, signatureTimestampTokens } from './timestamp-token';
import { readSignedData, signerCertificate } from './signed-data';

/** Bytes reserved for the document timestamp token (a TSA's token with its chain is a few KB). */
export const DOC_TIMESTAMP_BYTES = 16 * 1024;
const BYTE_RANGE_FIELD = 10;

export interface ExtendOptions {
  /** The TSA for the document timestamp; null = B-LT only (the DSS without a document timestamp). */
  tsaUrl: string | null;
  /** PEM or DER trust anchors: where each chain ends. */
  trustAnchors: readonly Buffer[];
  /** The time the chains are checked at (default now). */
  now?: Date;
  /**
   * Renewing a B-LTA file's archive timestamp: the expiry of the TSA certificate of its newest
   * document timestamp. The new document timestamp's TSA certificate must expire after it, or
   * the renewal would protect the file no longer (a TSA still on the same certificate): then
   * nothing is written (`TIMESTAMP_FAILED`, `renewalTsaExpiring`; a later try may meet a TSA
   * with its next certificate).
   */
  renewing?: { tsaCertificateExpiresAt: string };
}

export interface ExtendResult {
  size: number;
  sha256: string;
  /** The output's level as the verifier reads it (its lowest signature's). */
  level: ExtensionLevel;
  /** Revisions appended: 1, or 2 for a signature whose trusted time is the first document timestamp. */
  revisions: number;
  /** The verifier's reading of the output, against the same trust anchors. */
  verification: PdfVerification;
  added: { certs: number; ocsps: number; crls: number };
  /** Subjects of signers the revocation data says are revoked (the data is embedded all the same: it is the evidence). */
  revokedSigners: string[];
}

interface Leaf {
  cert: X509Certificate;
  pool: X509Certificate[];
  signer: boolean;
}

/** The certificates whose validation data the file needs: each signer's, and each TSA's. */
function leavesOf(pdf: PdfFile): Leaf[] {
  const leaves: Leaf[] = [];
  const fields = signatureFields(pdf);
  if (fields.length === 0) throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfNotSigned');
  const addToken = (token: Buffer) => {
    try {
      const t = parseTimestampToken(token);
      if (t.tsaCertificate) leaves.push({ cert: new X509Certificate(t.tsaCertificate), pool: t.certificates.map((c) => new X509Certificate(c)), signer: false });
    } catch {
      // An unreadable token earns no validation data; the verifier reports it.
    }
  };
  for (const field of fields) {
    const contents = field.sig.get('Contents');
    if (contents?.kind !== 'str') continue;
    const der = stringBytes(contents);
    const subFilter = field.sig.get('SubFilter');
    if (subFilter?.kind === 'name' && subFilter.name === 'ETSI.RFC3161') {
      addToken(der);
      continue;
    }
    try {
      const { signedData, certificates: certs } = readSignedData(der);
      const info = signedData.signerInfos[0];
      const signer = signerCertificate(info, certs);
      if (!info || !signer) continue;
      leaves.push({ cert: new X509Certificate(signer.der), pool: certs.map((c) => new X509Certificate(c.der)), signer: true });
      for (const token of signatureTimestampTokens(info)) addToken(token);
    } catch {
      // Not a CMS we can read: the verifier reports it; nothing to fetch for it.
    }
  }
  return leaves;
}

function asDict(v: PdfValue, what: string): PdfDict {
  if (v.kind !== 'dict') throw corrupt('pdfDamaged', new Error(`${what} is not a dictionary`));
  return { kind: 'dict', entries: new Map(v.entries) };
}

function firstPage(pdf: PdfFile, catalog: PdfDict): { num: number; page: PdfDict } {
  let node = catalog.entries.get('Pages');
  for (let depth = 0; depth < 64 && node?.kind === 'ref'; depth++) {
    const d = pdf.resolve(node);
    if (d.kind !== 'dict') break;
    const type = d.entries.get('Type');
    if (type?.kind === 'name' && type.name === 'Page') return { num: node.num, page: asDict(d, 'the page') };
    const kids = pdf.resolve(d.entries.get('Kids'));
    node = kids.kind === 'arr' ? kids.items[0] : undefined;
  }
  throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfNoPages');
}

/** The DSS already in the file: its entries' references and their decoded bytes (to add only what is new). */
function existingDss(pdf: PdfFile, catalog: PdfDict): { ref: number | null; dss: PdfDict; known: Buffer[] } {
  const dssRef = catalog.entries.get('DSS');
  const v = pdf.resolve(dssRef);
  if (v.kind !== 'dict') return { ref: null, dss: dict([]), known: [] };
  const known: Buffer[] = [];
  for (const key of ['Certs', 'OCSPs', 'CRLs']) {
    const arr = pdf.resolve(v.entries.get(key));
    if (arr.kind !== 'arr') continue;
    for (const item of arr.items) if (item.kind === 'ref') known.push(pdf.getStreamData(item.num));
  }
  return { ref: dssRef?.kind === 'ref' ? dssRef.num : null, dss: asDict(v, 'the DSS'), known };
}

function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

interface Built {
  bytes: Buffer;
  contentsStart: number;
  contentsEnd: number;
}

function buildRevision(pdf: PdfFile, data: ValidationData, withTimestamp: boolean, now: Date): { built: Built; added: ExtendResult['added'] } {
  const rootRef = pdf.trailer.entries.get('Root');
  if (rootRef?.kind !== 'ref') throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfBrokenXref');
  const catalog = asDict(pdf.resolve(rootRef), 'the catalog');
  const w = new RevisionWriter(pdf);
  const { ref: dssNum, dss, known } = existingDss(pdf, catalog);
  const added = { certs: 0, ocsps: 0, crls: 0 };
  const appendTo = (key: 'Certs' | 'OCSPs' | 'CRLs', items: Buffer[], count: 'certs' | 'ocsps' | 'crls') => {
    const arr = pdf.resolve(dss.entries.get(key));
    const refs: PdfValue[] = arr.kind === 'arr' ? [...arr.items] : [];
    for (const der of items) {
      if (known.some((k) => k.equals(der))) continue;
      known.push(der);
      const n = w.allocate();
      w.writeStream(n, [], der);
      refs.push(ref(n));
      added[count]++;
    }
    if (refs.length) dss.entries.set(key, { kind: 'arr', items: refs });
  };
  appendTo('Certs', data.certs, 'certs');
  appendTo('OCSPs', data.ocsps, 'ocsps');
  appendTo('CRLs', data.crls, 'crls');
  const newDssNum = dssNum ?? w.allocate();
  if (!dss.entries.has('Type')) dss.entries.set('Type', name('DSS'));
  w.writeObject(newDssNum, dss);
  let catalogChanged = dssNum === null;
  catalog.entries.set('DSS', ref(newDssNum));

  let contentsStart = -1;
  let contentsEnd = -1;
  if (withTimestamp) {
    const sigNum = w.allocate();
    const fieldNum = w.allocate();
    const { num: pageNum, page } = firstPage(pdf, catalog);
    if (pageNum === rootRef.num) throw new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfBrokenXref');
    const annots = pdf.resolve(page.entries.get('Annots'));
    page.entries.set('Annots', { kind: 'arr', items: [...(annots.kind === 'arr' ? annots.items : []), ref(fieldNum)] });
    const acroRef = catalog.entries.get('AcroForm');
    const acroIn = pdf.resolve(acroRef);
    const acroForm = acroIn.kind === 'dict' ? asDict(acroIn, 'the form') : dict([]);
    const fieldsIn = pdf.resolve(acroForm.entries.get('Fields'));
    const existing = fieldsIn.kind === 'arr' ? fieldsIn.items : [];
    acroForm.entries.set('Fields', { kind: 'arr', items: [...existing, ref(fieldNum)] });
    acroForm.entries.set('SigFlags', num(3));
    if (acroRef?.kind === 'ref' && acroIn.kind === 'dict') w.writeObject(acroRef.num, acroForm);
    else {
      catalog.entries.set('AcroForm', acroForm);
      catalogChanged = true;
    }
    w.writeObject(pageNum, page);
    w.writeObject(
      fieldNum,
      dict([
        ['Type', name('Annot')],
        ['Subtype', name('Widget')],
        ['FT', name('Sig')],
        ['T', textString(`DocTimeStamp${signatureFields(pdf).length + 1}`)],
        ['V', ref(sigNum)],
        ['F', num(132)],
        ['Rect', { kind: 'arr', items: [num(0), num(0), num(0), num(0)] }],
        ['P', ref(pageNum)],
      ]),
    );
    w.writeRaw(sigNum, (out) => {
      out.push('<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161\n');
      out.push(`/ByteRange [0 ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)}]\n`);
      out.push(Buffer.concat([Buffer.from('/M '), serialize({ kind: 'str', raw: Buffer.from(`(${pdfDate(now)})`, 'latin1') }), Buffer.from('\n')]));
      out.push('/Contents ');
      contentsStart = out.position;
      out.push(`<${'0'.repeat(DOC_TIMESTAMP_BYTES * 2)}>`);
      contentsEnd = out.position;
      out.push('>>');
    });
  }
  if (catalogChanged || withTimestamp) w.writeObject(rootRef.num, catalog);
  const out = w.finish();
  if (withTimestamp) {
    const total = pdf.size + out.length;
    const a = pdf.size + contentsStart;
    const b = pdf.size + contentsEnd;
    const placeholder = `/ByteRange [0 ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)} ${'0'.padEnd(BYTE_RANGE_FIELD)}]`;
    const at = out.indexOf(placeholder, 0, 'latin1');
    const field = (n: number) => String(n).padEnd(BYTE_RANGE_FIELD);
    out.write(`/ByteRange [0 ${field(a)} ${field(b)} ${field(total - b)}]`, at, 'latin1');
  }
  return { built: { bytes: out, contentsStart, contentsEnd }, added };
}

function merge(into: ValidationData, more: ValidationData): void {
  for (const key of ['certs', 'ocsps', 'crls'] as const) for (const der of more[key]) if (!into[key].some((d) => d.equals(der))) into[key].push(der);
}

/** The lowest level of the file's signatures (document timestamps have none). */
export function fileLevel(v: PdfVerification): BaselineLevel | null {
  let low: BaselineLevel | null = null;
  for (const s of v.signatures) if (s.kind === 'signature' && (low === null || levelRank(s.level) < levelRank(low))) low = s.level ?? 'B-B';
  return low;
}

/** At most this many revisions per extension: the second gives a B-B signature's first document timestamp its validation data. */
const MAX_REVISIONS = 2;

/**
 * Extends every signature of `input` to B-LT, and with a TSA to B-LTA, into `output` (may be the
 * same path). Fetches all validation data of a revision first; writes nothing when anything is
 * missing, or when the verifier does not read the level aimed at on the result.
 */
export async function extendPdf(input: string, output: string, options: ExtendOptions): Promise<ExtendResult> {
  const anchors = options.trustAnchors.map((a) => new X509Certificate(a));
  if (anchors.length === 0) throw new AppError('REVOCATION_UNAVAILABLE', 'signing.errors.noTrustAnchorsToExtend');
  const now = options.now ?? new Date();
  const target: ExtensionLevel = options.tsaUrl !== null ? 'B-LTA' : 'B-LT';
  // Without a TSA a signature with no trusted time stays B-B whatever the DSS holds: nothing to fetch for it.
  if (options.tsaUrl === null) {
    const before = await verifyPdf(input, options.trustAnchors);
    if (before.signatures.some((s) => s.kind === 'signature' && s.trustedTime === null)) throw new AppError('SIGNING_FAILED', 'signing.errors.extendNeedsTimestamp');
  }
  const tmp = path.join(path.dirname(path.resolve(output)), `.${path.basename(output)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const added = { certs: 0, ocsps: 0, crls: 0 };
  const revokedSigners: string[] = [];
  // Chains whose validation data this extension fetched already (keyed by the leaf's DER).
  const fetchedFor = new Set<string>();
  // In place (the output names the input's file): the file copied must still be there, unchanged,
  // when the extended copy takes its place; a version put there meanwhile is not overwritten.
  const original = await fs.promises.stat(input);
  const inPlace = await fs.promises.stat(output).then(
    (o) => o.dev === original.dev && o.ino === original.ino,
    () => false,
  );
  const changed = () => new AppError('CONFLICT', 'signing.errors.extendedFileChanged', { params: { file: output } });
  try {
    await fs.promises.copyFile(input, tmp);
    // The copy keeps the file's mode: a read-only file (a court's archived judgment) is made
    // writable for the append only, and read-only again before it takes the file's place. Appending
    // to a read-only copy failed after the TSA and responders had been asked.
    const { mode, size: copied } = await fs.promises.stat(tmp);
    await fs.promises.chmod(tmp, mode | 0o200);
    if (inPlace && copied !== original.size) throw changed();
    let size = copied;
    let revisions = 0;
    let verification: PdfVerification;
    let level: BaselineLevel | null;
    for (;;) {
      const revision = await nextRevision(tmp, anchors, options.tsaUrl, now, fetchedFor, revokedSigners);
      for (const k of ['certs', 'ocsps', 'crls'] as const) added[k] += revision.added[k];
      await appendAt(tmp, size, revision.bytes);
      size += revision.bytes.length;
      revisions++;
      verification = await verifyPdf(tmp, options.trustAnchors);
      level = fileLevel(verification);
      if (levelRank(level) >= levelRank(target) || options.tsaUrl === null || revisions >= MAX_REVISIONS) break;
    }
    if (level === null || levelRank(level) < levelRank(target)) {
      throw new AppError('SIGNING_FAILED', 'signing.errors.extensionLevelNotReached', { params: { level: level ?? 'B-B', target } });
    }
    if (options.renewing) {
      const renewed = newestArchiveTimestamp(tmp);
      if (!renewed || Date.parse(renewed.tsaCertificateExpiresAt) <= Date.parse(options.renewing.tsaCertificateExpiresAt)) {
        throw new AppError('TIMESTAMP_FAILED', 'signing.errors.renewalTsaExpiring', {
          params: { url: options.tsaUrl ?? '', expires: renewed?.tsaCertificateExpiresAt.slice(0, 10) ?? '', previous: options.renewing.tsaCertificateExpiresAt.slice(0, 10) },
        });
      }
    }
    const sha256 = (await sha256OfRanges(tmp, [{ start: 0, length: size }])).toString('hex');
    await fs.promises.chmod(tmp, mode);
    if (inPlace) {
      const now = await fs.promises.stat(output).catch(() => null);
      if (!now || now.dev !== original.dev || now.ino !== original.ino || now.size !== original.size || now.mtimeMs !== original.mtimeMs) throw changed();
    }
    await fs.promises.rename(tmp, output);
    return { size, sha256, level: level as ExtensionLevel, revisions, verification: { ...verification, file: output }, added, revokedSigners };
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

/** The next revision of `file`: the DSS with what is not fetched yet, and with a TSA a document timestamp over it all. */
async function nextRevision(file: string, anchors: X509Certificate[], tsaUrl: string | null, now: Date, fetchedFor: Set<string>, revokedSigners: string[]): Promise<{ bytes: Buffer; added: ExtendResult['added'] }> {
  const pdf = PdfFile.open(file);
  let built: Built;
  let added: ExtendResult['added'];
  let inputSize: number;
  try {
    const data: ValidationData = { certs: [], ocsps: [], crls: [] };
    for (const leaf of leavesOf(pdf)) {
      const key = leaf.cert.raw.toString('base64');
      if (fetchedFor.has(key)) continue;
      const status = chainStatus(leaf.cert, leaf.pool, anchors, now);
      if (status.chain !== 'trusted' || !status.anchor) {
        throw new AppError('REVOCATION_UNAVAILABLE', 'signing.errors.chainNotTrustedToExtend', { params: { subject: leaf.cert.subject.replace(/\n/g, ', ') } });
      }
      const fetched = await fetchValidationData(status.path, status.anchor);
      fetchedFor.add(key);
      merge(data, fetched);
      if (leaf.signer) {
        const s = revocationStatus(leaf.cert, status.path[1] ?? status.anchor, fetched);
        if (s?.status === 'revoked') revokedSigners.push(leaf.cert.subject.replace(/\n/g, ', '));
      }
    }
    ({ built, added } = buildRevision(pdf, data, tsaUrl !== null, now));
    inputSize = pdf.size;
  } finally {
    pdf.close();
  }
  const { bytes: revision, contentsStart, contentsEnd } = built;
  if (tsaUrl !== null) {
    const digest = await sha256OfRanges(file, [{ start: 0, length: inputSize }], Buffer.concat([revision.subarray(0, contentsStart), revision.subarray(contentsEnd)]));
    const token = await requestTimestamp(tsaUrl, digest);
    if (token.length > DOC_TIMESTAMP_BYTES) throw new AppError('TIMESTAMP_FAILED', 'signing.errors.tsaBadAnswer', { params: { url: tsaUrl, reason: `a token of ${token.length} bytes exceeds the ${DOC_TIMESTAMP_BYTES} reserved` } });
    revision.write(token.toString('hex').padEnd(DOC_TIMESTAMP_BYTES * 2, '0'), contentsStart + 1, 'latin1');
  }
  return { bytes: revision, added };
}

/** Appends `revision` to `file` at `size` (its length so far) and syncs it. */
async function appendAt(file: string, size: number, revision: Buffer): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    if ((await handle.stat()).size !== size) throw corrupt('pdfChanged');
    await handle.write(revision, 0, revision.length, size);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
