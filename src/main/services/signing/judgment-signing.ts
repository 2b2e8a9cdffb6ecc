// A judgment signed on the signer's card, from the case screen (ARCHITECTURE §6). At the judge's
// signature the judgment is printed once (the print template of the judgment, by the PdfMaker),
// the signature appended to that PDF, and the signed file kept in the desk's content-addressed
// store (<dataDir>/documents); the clerk's countersignature is appended to that very file (an
// incremental update: the judge's stays valid). Each signature is then recorded by the domain
// command signJudgment — the one write path — with the signed file's SHA-256, the signer and the
// certificate. The PIN goes to the token service once and is never kept or logged. Verifying the
// newest file and extending it for long-term validation are judgment-verification.ts's and
// judgment-extension.ts's; this service offers them beside the signing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getAppUser, runCommand, type Actor, type CommandEnv, type Db } from '../../../domain';
import { signatureRoleFor } from '../../../domain/rules/judgment-lock';
import type { Language, Role } from '../../../shared/enums';
import { AppError, toAppError } from '../../../shared/errors';
import { catalogueMessage } from '../../../shared/i18n/message';
import type { SignatureStep } from '../../../shared/schemas/judgment-signing';
import type { ExtendedJudgment, JudgmentVerification, TokenCertificatesView, TokenList } from '../../../shared/schemas/signing';
import type { ModuleRef, TokenRef } from '../../../shared/signing/token-protocol';
import type { WorkstationConfig } from '../config';
import { DocumentFileStore } from '../documents/file-store';
import type { Logger } from '../logger';
import { buildJudgmentDocument } from '../print/print-documents';
import { pdfUnavailable, type PdfMaker } from '../print/printing-ports';
import { summarizeCertificate } from '../../../signatures/cert-info';
import { signPdf, type StampOptions } from './pades-sign';
import { signatureTimestampOptions } from '../../../signatures/timestamp-client';
import { extendJudgment } from './judgment-extension';
import { storedFileHere, judgmentOfCourt, verifyJudgment } from './judgment-verification';
import type { TokenServiceClient } from './token-client';
import { listSigningCertificates, openSigner, type Signer } from './token-signer';

export interface JudgmentSigningDeps {
  db: Db;
  courtId(): string;
  dataDir: string;
  config: WorkstationConfig;
  now(): Date;
  log: Logger;
  pdfMaker(): PdfMaker | null;
  /** The token service, started on first use. */
  tokens(): TokenServiceClient;
  /** See JudgmentFilesDeps.fetchFile. */
  fetchFile?(sha256: string): Promise<void>;
}

/** The card a signature is made with; the PIN is null when the token needs no login or has a pinpad. */
export interface CardChoice {
  token: TokenRef;
  keyId: string;
  pin: string | null;
}

export interface SignJudgmentRequest extends CardChoice {
  judgmentId: string;
  baseVersion: number;
  step: SignatureStep;
  language: Language;
}

/**
 * What the visible stamp of a signature shows (name in both scripts, role, date, case number). The
 * signer draws it where its options take a stamp; it is built here once, from the records.
 */
export interface JudgmentStampContent {
  signerNames: string[];
  role: Role;
  signedAt: Date;
  caseNumber: string;
}

const ARABIC_LETTER = /[\u0600-\u06FF]/;
const LATIN_LETTER = /[A-Za-z\u00C0-\u024F]/;

/**
 * The stamp's two columns: the certificate's names in Arabic and in Latin script (a Moroccan
 * qualified certificate may carry both); a script the certificate lacks is taken from the signed-in
 * user's name as the court recorded it, else the other column's name is repeated. The role
 * is the one the domain gives this step, in Arabic and in the Latin language of the desk.
 */
function stampOptionsOf(content: JudgmentStampContent, language: Language): StampOptions {
  const arabic = content.signerNames.find((n) => ARABIC_LETTER.test(n));
  const latin = content.signerNames.find((n) => LATIN_LETTER.test(n) && !ARABIC_LETTER.test(n));
  const latinLanguage = language === 'en' ? 'en' : 'fr';
  return {
    nameArabic: arabic ?? latin ?? content.signerNames[0] ?? '',
    nameLatin: latin ?? arabic ?? content.signerNames[0] ?? '',
    roleArabic: catalogueMessage('ar', `enums.role.${content.role}`),
    roleLatin: catalogueMessage(latinLanguage, `enums.role.${content.role}`),
    caseNumber: content.caseNumber,
    latinLanguage,
    page: 'last',
  };
}

function moduleOf(config: WorkstationConfig): ModuleRef {
  if (!config.pkcs11Module) throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.moduleNotConfigured');
  return { path: config.pkcs11Module, osLocking: config.pkcs11OsLocking };
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function createJudgmentSigning(deps: JudgmentSigningDeps) {
  const store = new DocumentFileStore(deps.dataDir);
  const files = { db: deps.db, courtId: deps.courtId, config: deps.config, store, now: deps.now, log: deps.log, ...(deps.fetchFile ? { fetchFile: deps.fetchFile } : {}) };

  async function judgmentAndSignatures(judgmentId: string) {
    const { judgment, kase } = await judgmentOfCourt(files, judgmentId);
    const signatures = await deps.db.selectFrom('judgment_signatures').selectAll().where('judgment_id', '=', judgment.id).execute();
    return { judgment, kase, signatures };
  }

  /** A signer on the chosen card's key, under this workstation's token policy (the PIN is sent only when it signs). */
  function openCardSigner(choice: CardChoice): Promise<Signer> {
    return openSigner(deps.tokens(), {
      module: moduleOf(deps.config),
      token: choice.token,
      keyId: choice.keyId,
      pin: choice.pin,
      now: deps.now(),
      policy: { production: deps.config.production, allowSoftTokenOverride: deps.config.allowSoftToken },
    });
  }

  return {
    openCardSigner,

    /** The initialized tokens present; a module not configured or not loadable is said in `problem`, not thrown. */
    async listTokens(): Promise<TokenList> {
      if (!deps.config.pkcs11Module) return { configured: false, tokens: [], problem: null };
      try {
        const tokens = await deps.tokens().request({ op: 'listTokens', module: moduleOf(deps.config) });
        // A token with no label was never initialized (SoftHSM keeps such a free slot): it holds no key.
        return { configured: true, tokens: tokens.filter((t) => t.label.trim() !== ''), problem: null };
      } catch (err) {
        return { configured: true, tokens: [], problem: toAppError(err).toData() };
      }
    },

    async certificates(token: TokenRef): Promise<TokenCertificatesView> {
      const list = await listSigningCertificates(deps.tokens(), moduleOf(deps.config), token, deps.now());
      return {
        token: list.token,
        certificates: list.offered.map((c) => ({
          keyId: c.keyId,
          label: c.label,
          subject: c.summary.subject,
          commonNames: c.summary.commonNames,
          issuer: c.summary.issuer,
          serialNumber: c.summary.serialNumber,
          notBefore: c.summary.notBefore.toISOString(),
          notAfter: c.summary.notAfter.toISOString(),
          keyType: c.summary.keyType,
        })),
      };
    },

    async sign(request: SignJudgmentRequest, actor: Actor, env: CommandEnv) {
      // No module configured: said before anything is printed.
      moduleOf(deps.config);
      const { judgment, kase, signatures } = await judgmentAndSignatures(request.judgmentId);
      // The domain's own rule, asked before the card is: a refused step never costs a PIN try.
      const role = signatureRoleFor({ lockedAt: judgment.locked_at, signedSteps: signatures.map((s) => s.step as SignatureStep) }, request.step, actor.roles, kase.number);
      const incoming = path.join(store.root, 'incoming');
      await fs.promises.mkdir(incoming, { recursive: true });
      const stem = path.join(incoming, `judgment-${judgment.id}-${request.step}-${process.pid}-${Date.now()}`);
      const unsigned = `${stem}.unsigned.pdf`;
      const signed = `${stem}.signed.pdf`;
      try {
        let input: string;
        if (request.step === 'judge') {
          const maker = deps.pdfMaker();
          if (!maker) throw pdfUnavailable();
          const doc = await buildJudgmentDocument({ db: deps.db, courtId: deps.courtId(), userId: actor.userId, now: deps.now() }, kase.id, request.language);
          await fs.promises.writeFile(unsigned, await maker.makePdf(doc.html));
          input = unsigned;
        } else {
          // The very file the judge signed, brought from the court's server when signed on another desk.
          const judgeSignature = signatures.find((s) => s.step === 'judge');
          const here = judgeSignature ? await storedFileHere(files, judgeSignature.file_sha256) : null;
          if (!here) throw new AppError('NOT_FOUND', 'signing.errors.judgmentFileMissing', { params: { number: kase.number } });
          input = here;
        }
        const signedOverSha256 = sha256Hex(await fs.promises.readFile(input));

        const signer = await openCardSigner(request);
        const summary = summarizeCertificate(signer.certificate);
        const signingTime = deps.now();
        const user = await getAppUser(deps.db, actor.userId);
        const stamp: JudgmentStampContent = {
          // The certificate's names first; the signed-in user's name (as the court wrote it, often
          // Arabic) after them, for the column of a script the certificate does not carry.
          signerNames: [...summary.commonNames, ...(user?.displayName ? [user.displayName] : [])],
          role,
          signedAt: signingTime,
          caseNumber: kase.number,
        };
        await signPdf(input, signed, signer, {
          reason: `${request.step === 'judge' ? 'Judgment' : 'Countersignature'} ${stamp.caseNumber}`,
          signerName: stamp.signerNames[0] ?? '',
          signingTime,
          stamp: stampOptionsOf(stamp, request.language),
          // B-T when the workstation has a timestamp authority; one that fails fails the signature.
          ...(deps.config.tsaUrl ? signatureTimestampOptions(deps.config.tsaUrl) : {}),
        });
        // Not recorded: the signed copy is removed, unless the store already held those very bytes.
        const { recorded } = await store.putRecorded(signed, (stored) =>
          runCommand(deps.db, env, actor, 'signJudgment', {
            judgmentId: judgment.id,
            baseVersion: request.baseVersion,
            step: request.step,
            file: { sha256: stored.sha256, size: stored.size },
            signedOverSha256,
            certificate: { subject: summary.subject, issuer: summary.issuer, serialNumber: summary.serialNumber, sha256: sha256Hex(signer.certificate) },
            signedAt: signingTime.toISOString(),
          }),
        );
        // Recorded: what follows may fail without taking the recorded file with it.
        return { ...recorded, verification: await verifyJudgment(files, judgment.id) };
      } finally {
        await fs.promises.rm(unsigned, { force: true });
        await fs.promises.rm(signed, { force: true });
      }
    },

    /** The built-in verifier on the judgment's newest signed file (an extension's once there is one), against the admin's trust anchors. */
    verify(judgmentId: string): Promise<JudgmentVerification> {
      return verifyJudgment(files, judgmentId);
    },

    /** The newest signed file extended for long-term validation (B-LTA with the workstation's TSA, B-LT without), checked, kept and recorded. */
    extend(judgmentId: string, actor: Actor, env: CommandEnv, opts: { renewal?: boolean } = {}): Promise<ExtendedJudgment> {
      return extendJudgment(files, judgmentId, actor, env, opts);
    },

    /** Where a signed file is kept (tests and the viewer read it). */
    pathOf(sha256: string): string {
      return store.pathOf(sha256);
    },
  };
}

export type JudgmentSigning = ReturnType<typeof createJudgmentSigning>;
