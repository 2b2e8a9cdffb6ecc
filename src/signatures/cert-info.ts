// What a person needs to know about a certificate before signing with it (subject in its own
// script, issuer, validity, what its key may do), and whether it is fit to sign: the key usage
// must include digitalSignature or nonRepudiation and the certificate must be valid now.
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const NAME_LABELS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.42': 'GN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

export interface CertificateSummary {
  subject: string;
  /** The subject's common names (a Moroccan card may carry one in Arabic and one in Latin letters). */
  commonNames: string[];
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** null when the certificate has no key usage extension. */
  keyUsage: { digitalSignature: boolean; nonRepudiation: boolean } | null;
  keyType: 'RSA' | 'EC' | 'other';
  /** EC curve (prime256v1 for P-256), when keyType is EC. */
  curve: string | null;
  isCa: boolean;
}

function nameParts(name: pkijs.RelativeDistinguishedNames): { label: string; value: string }[] {
  return name.typesAndValues.map((tv) => ({
    label: NAME_LABELS[tv.type] ?? tv.type,
    value: String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value),
  }));
}

export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return nameParts(name)
    .map((p) => `${p.label}=${p.value}`)
    .join(', ');
}

export function summarizeCertificate(der: Buffer): CertificateSummary {
  const cert = pkijs.Certificate.fromBER(new Uint8Array(der));
  const x509 = new X509Certificate(der);
  let keyUsage: CertificateSummary['keyUsage'] = null;
  let isCa = false;
  for (const ext of cert.extensions ?? []) {
    if (ext.extnID === '2.5.29.15') {
      const bits = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result as asn1js.BitString;
      const first = bits.valueBlock.valueHexView[0] ?? 0;
      keyUsage = { digitalSignature: (first & 0x80) !== 0, nonRepudiation: (first & 0x40) !== 0 };
    }
    if (ext.extnID === '2.5.29.19') isCa = x509.ca;
  }
  const keyType = x509.publicKey.asymmetricKeyType === 'rsa' ? 'RSA' : x509.publicKey.asymmetricKeyType === 'ec' ? 'EC' : 'other';
  return {
    subject: formatName(cert.subject),
    commonNames: nameParts(cert.subject)
      .filter((p) => p.label === 'CN')
      .map((p) => p.value),
    issuer: formatName(cert.issuer),
    serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    keyUsage,
    keyType,
    curve: keyType === 'EC' ? (x509.publicKey.asymmetricKeyDetails?.namedCurve ?? null) : null,
    isCa,
  };
}

/** Fit to sign a judgment now: a signature key usage, within its validity, not a CA, a key we can use. */
export function isFitToSign(summary: CertificateSummary, now: Date): boolean {
  const usage = summary.keyUsage;
  return (
    usage !== null &&
    (usage.digitalSignature || usage.nonRepudiation) &&
    !summary.isCa &&
    summary.notBefore.getTime() <= now.getTime() &&
    now.getTime() <= summary.notAfter.getTime() &&
    (summary.keyType === 'RSA' || (summary.keyType === 'EC' && summary.curve === 'prime256v1'))
  );
}
