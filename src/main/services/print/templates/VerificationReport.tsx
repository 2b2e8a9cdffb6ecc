// تقرير التحقق من التوقيعات / rapport de vérification des signatures: what the built-in verifier
// found in one PDF, for the court's file — the file's name and SHA-256, when it was checked, the
// trust anchors the chains were checked against, and per signature who signed, when, its level,
// each integrity check, its chain, what the file keeps of its certificates' revocation (B-LT) and
// whether changes were appended after it. Data only: the
// verifier's findings come in (file-verification.ts); nothing here checks anything.
import type { FileVerification, SignatureVerdictView } from '../../../../shared/schemas/signing';
import { CaseNo, DASH, Ltr, Text } from './parts';
import { PrintedDocument, type DocumentFrame } from './PrintedDocument';

export interface VerificationReportProps {
  frame: DocumentFrame;
  verification: FileVerification;
  title: string | null;
  caseNumber: string | null;
}

/** `2026-04-14 10:05` (court wall clock, as main reads it) → `14/04/2026 10:05`. */
function formatCourtTimeText(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(text);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}` : text;
}

/** Problems the rows already say (the chain's own row): not repeated in the list. */
const SHOWN_ELSEWHERE = new Set(['noTrustAnchors', 'chainUntrusted']);

function Check({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return <span className={ok ? 'check-ok' : 'check-bad'}>{ok ? `✓ ${yes}` : `✗ ${no}`}</span>;
}

function RevocationStatus({ r, t }: { r: SignatureVerdictView['revocation'][number]; t: DocumentFrame['words']['t'] }) {
  if (r.status === 'good') return <span className="check-ok">✓ {t('print.verification.revocationGood')}</span>;
  if (r.status === 'revoked') return <span className="check-bad">✗ {t('print.verification.revocationRevoked', { at: r.revokedAt ? formatCourtTimeText(r.revokedAt) : DASH })}</span>;
  if (r.status === 'unknown') return <span className="check-warn">{t('print.verification.revocationUnknown')}</span>;
  return <span className="note">{t('print.verification.revocationNone')}</span>;
}

function SignatureSection({ s, n, words }: { s: SignatureVerdictView; n: number; words: DocumentFrame['words'] }) {
  const t = words.t;
  const problems = s.problems.filter((p) => !SHOWN_ELSEWHERE.has(p));
  return (
    <section className="signature" data-part="signature" data-valid={String(s.valid)}>
      <h2>
        {t('print.verification.signature', { index: n })} — <span className={s.valid ? 'check-ok' : 'check-bad'}>{s.valid ? t('print.verification.valid') : t('print.verification.notValid')}</span>
      </h2>
      <table className="facts">
        <tbody>
          <tr>
            <th>{t('print.verification.signer')}</th>
            <td>
              {s.signerCommonNames.length > 0 ? (
                s.signerCommonNames.map((name, k) => (
                  <span key={k}>
                    {k > 0 ? ' · ' : ''}
                    <Text value={name} />
                  </span>
                ))
              ) : (
                <Text value={s.signerSubject} />
              )}
              {s.signerSubject && (
                <span className="note">
                  <bdi dir="ltr">{s.signerSubject}</bdi>
                </span>
              )}
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.issuer')}</th>
            <td>{s.signerIssuer ? <bdi dir="ltr">{s.signerIssuer}</bdi> : DASH}</td>
          </tr>
          <tr>
            <th>{t('print.verification.signingTime')}</th>
            <td>
              {s.signingTimeCourt ? <Ltr>{formatCourtTimeText(s.signingTimeCourt)}</Ltr> : DASH}
              <span className="note">{t('print.verification.signingTimeClaimed')}</span>
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.trustedTime')}</th>
            <td>{s.timestampCourt ? <Ltr>{formatCourtTimeText(s.timestampCourt)}</Ltr> : t('print.verification.noTrustedTime')}</td>
          </tr>
          <tr>
            <th>{t('print.verification.level')}</th>
            <td>
              <Ltr>{s.level}</Ltr> ({t(`ui.signing.levelName.${s.level}`)})
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.byteRange')}</th>
            <td>
              <Check ok={s.byteRangeSound} yes={t('print.verification.byteRangeSound')} no={t('print.verification.byteRangeBroken')} />
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.digest')}</th>
            <td>
              <Check ok={s.digestMatches} yes={t('print.verification.digestMatches')} no={t('print.verification.digestMismatch')} />
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.cms')}</th>
            <td>
              <Check ok={s.signatureValid} yes={t('print.verification.cmsValid')} no={t('print.verification.cmsInvalid')} />
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.chain')}</th>
            <td>
              {s.chain === 'trusted' ? (
                <Check ok yes={t('ui.signing.chainTrusted')} no="" />
              ) : s.chain === 'untrusted' ? (
                <Check ok={false} yes="" no={t('ui.signing.chainUntrusted')} />
              ) : (
                <span className="check-bad">{t('ui.signing.chainNotChecked')}</span>
              )}
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.coverage')}</th>
            <td data-part="coverage">
              {s.coversWholeFile ? (
                t('ui.signing.coversWhole')
              ) : (
                <span className="check-warn">{t('ui.signing.changesAppended', { bytes: s.bytesAfter })}</span>
              )}
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.revocation')}</th>
            <td data-part="revocation">
              {s.revocation.length === 0 ? (
                <span className="note">{t('print.verification.revocationNotBuilt')}</span>
              ) : (
                <ul className="anchors">
                  {s.revocation.map((r, k) => (
                    <li key={k}>
                      <bdi dir="ltr">{r.subject}</bdi>
                      {': '}
                      <RevocationStatus r={r} t={t} />
                      {r.source && (
                        <>
                          {' '}
                          (<Ltr>{r.source.toUpperCase()}</Ltr>)
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
          {problems.length > 0 && (
            <tr>
              <th>{t('print.verification.problems')}</th>
              <td>
                <ul className="problems">
                  {problems.map((p) => (
                    <li key={p}>{t(`signing.problems.${p}`)}</li>
                  ))}
                </ul>
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

export function VerificationReport({ frame, verification: v, title, caseNumber }: VerificationReportProps) {
  const { words } = frame;
  const t = words.t;
  const heading = t('print.verification.title');
  const appendedAfterLast = v.signatures.length > 0 && !v.signatures[v.signatures.length - 1]!.coversWholeFile && v.documentTimestamps.every((d) => !d.coversWholeFile);
  return (
    <PrintedDocument frame={frame} title={heading} runningTitle={heading}>
      <table className="facts">
        <tbody>
          <tr>
            <th>{t('print.verification.fileName')}</th>
            <td>
              <Text value={v.fileName} />
            </td>
          </tr>
          {title && (
            <tr>
              <th>{t('print.verification.documentTitle')}</th>
              <td>
                <Text value={title} />
              </td>
            </tr>
          )}
          {caseNumber && (
            <tr>
              <th>{t('print.verification.caseNumber')}</th>
              <td>
                <CaseNo number={caseNumber} />
              </td>
            </tr>
          )}
          <tr>
            <th>SHA-256</th>
            <td>
              <bdi dir="ltr" className="digest" data-part="sha256">
                {v.fileSha256}
              </bdi>
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.size')}</th>
            <td>{t('print.verification.bytes', { bytes: v.size })}</td>
          </tr>
          <tr>
            <th>{t('print.verification.checkedAt')}</th>
            <td>
              <Ltr>{formatCourtTimeText(v.checkedAtCourt)}</Ltr>
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.trustAnchors')}</th>
            <td data-part="trust-anchors">
              {v.trustAnchors.length === 0 ? (
                <span className="check-bad">{t('print.verification.noTrustAnchors')}</span>
              ) : (
                <ul className="anchors">
                  {v.trustAnchors.map((a, i) => (
                    <li key={i}>
                      <bdi dir="ltr">{a}</bdi>
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
          <tr>
            <th>{t('print.verification.verdict')}</th>
            <td data-part="verdict">
              {v.truncated ? (
                <strong className="check-bad">{t('ui.signing.fileCut')}</strong>
              ) : v.signatures.length === 0 ? (
                t('print.verification.notSigned')
              ) : (
                <strong className={v.allValid ? 'check-ok' : 'check-bad'}>{v.allValid ? t('ui.signing.allValid') : t('print.verification.notAllValid')}</strong>
              )}
              {appendedAfterLast && <span className="note check-warn">{t('print.verification.appendedAfterLast')}</span>}
            </td>
          </tr>
        </tbody>
      </table>
      {v.signatures.map((s, i) => (
        <SignatureSection key={s.index} s={s} n={i + 1} words={words} />
      ))}
      {v.documentTimestamps.length > 0 && (
        <>
          <h2>{t('ui.signing.documentTimestamp')}</h2>
          <table className="facts">
            <tbody>
              {v.documentTimestamps.map((d) => (
                <tr key={d.index}>
                  <th>
                    <Text value={d.tsaCommonNames[0] ?? d.tsaSubject} />
                  </th>
                  <td>
                    {d.timeCourt ? <Ltr>{formatCourtTimeText(d.timeCourt)}</Ltr> : DASH} —{' '}
                    <span className={d.valid ? 'check-ok' : 'check-bad'}>{d.valid ? t('print.verification.valid') : t('print.verification.notValid')}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="note">{t('print.verification.method')}</p>
    </PrintedDocument>
  );
}
