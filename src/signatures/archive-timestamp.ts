// How long a B-LTA file's protection lasts: as long as its newest document timestamp can be
// validated, that is until its TSA's certificate expires (ETSI EN 319 142-1 §6.5: the archive
// time-stamp is renewed before then by a further document timestamp over the validation data of
// the previous one — ltv-extend.ts adds both). Read from the file, never from a record: the TSA
// that signed is only known from the token. Reads the newest revision's last document timestamp.
import { X509Certificate } from 'node:crypto';
import { PdfFile } from './pdf-file';
import { stringBytes } from './pdf-objects';
import { signatureFields } from './pdf-verify';
import { parseTimestampToken } from './timestamp-token';

export interface ArchiveTimestamp {
  /** The document timestamp's time (TSTInfo genTime), ISO 8601. */
  time: string;
  /** When its TSA's certificate expires (notAfter), ISO 8601: the archive must be renewed before. */
  tsaCertificateExpiresAt: string;
  tsaSubject: string;
}

/** The file's newest document timestamp, or null when it has none (or none that reads). */
export function newestArchiveTimestamp(file: string): ArchiveTimestamp | null {
  const pdf = PdfFile.open(file);
  try {
    const stamps = signatureFields(pdf).filter((f) => {
      const sub = f.sig.get('SubFilter');
      return sub?.kind === 'name' && sub.name === 'ETSI.RFC3161';
    });
    const last = stamps.at(-1);
    const contents = last?.sig.get('Contents');
    if (contents?.kind !== 'str') return null;
    try {
      const t = parseTimestampToken(stringBytes(contents));
      if (!t.tsaCertificate) return null;
      const cert = new X509Certificate(t.tsaCertificate);
      return { time: t.tstInfo.genTime.toISOString(), tsaCertificateExpiresAt: new Date(cert.validTo).toISOString(), tsaSubject: cert.subject.replace(/\n/g, ', ') };
    } catch {
      return null;
    }
  } finally {
    pdf.close();
  }
}
