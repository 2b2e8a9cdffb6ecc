// The tables the domain reads and writes, as Kysely types. The same shape exists on the
// workstation (SQLite, src/store/sqlite/migrations) and on the server. Column names are
// snake_case as stored; booleans are 0/1 integers and dates ISO-8601 text so that both
// engines agree byte for byte on what is hashed into the audit chain.
import type { Generated, Kysely, Selectable, Transaction } from 'kysely';

/** Every synced entity carries these. */
interface Versioned {
  version: number;
  updated_hlc: string;
}

export interface CourtsTable extends Versioned {
  id: string;
  code: string;
  name_ar: string;
  name_fr: string;
}

export interface ChambersTable extends Versioned {
  id: string;
  court_id: string;
  code: string;
  name_ar: string;
  name_fr: string;
}

export interface CaseTypesTable extends Versioned {
  id: string;
  code: string;
  name_ar: string;
  name_fr: string;
  name_en: string;
  valid_from: string;
  valid_to: string | null;
}

export interface HolidaysTable {
  date: string;
  name_ar: string;
  name_fr: string;
  name_en: string;
}

export interface UsersTable extends Versioned {
  id: string;
  court_id: string;
  username: string;
  display_name: string;
  /** JSON array of Role. */
  roles: string;
  password_hash: string;
  active: number;
  /** 1 after an admin reset the password: the user sets their own at the next sign-in. */
  must_change_password: number;
  created_at: string;
}

export interface CasesTable extends Versioned {
  id: string;
  court_id: string;
  chamber_id: string;
  case_type_id: string;
  type_code: string;
  year: number;
  /** Null while the number is provisional. */
  serial: number | null;
  number: string;
  provisional: number;
  /** The provisional number the case had on its desk before the server gave it this final one (0014). */
  provisional_number: string | null;
  subject: string;
  status: string;
  filed_on: string;
  closed_on: string | null;
  closure_reason: string | null;
  closure_note: string | null;
  /** Denormalized for the registry list; maintained by the commands that change parties. */
  parties_summary: string;
  /** Denormalized: date of the earliest scheduled hearing, maintained by hearing commands. */
  next_hearing_date: string | null;
  /** Set while the case is reserved for judgment: the day the judgment is to be pronounced. */
  pronouncement_date: string | null;
  /** normalizeForSearch(subject + active lawyers' names); indexed by FTS5 (case_search). Kept by the commands. */
  search_text: string;
  created_at: string;
  created_by: string;
}

export interface PartiesTable extends Versioned {
  id: string;
  /** The court whose records name the party: pull is scoped by court. Migration 0009. */
  court_id: string;
  kind: string;
  name_ar: string | null;
  name_latin: string | null;
  national_id: string | null;
  address: string | null;
  phone: string | null;
  /** normalizeForSearch(name_ar + ' ' + name_latin + ' ' + national_id); indexed by FTS5 (party_search). */
  search_text: string;
}

export interface CasePartiesTable extends Versioned {
  id: string;
  case_id: string;
  party_id: string;
  role: string;
  lawyer_name: string | null;
  lawyer_bar_number: string | null;
  removed_at: string | null;
  removal_reason: string | null;
}

export interface HearingsTable extends Versioned {
  id: string;
  case_id: string;
  chamber_id: string;
  date: string;
  time: string;
  room: string | null;
  status: string;
  adjournment_reason: string | null;
  adjournment_note: string | null;
  next_hearing_id: string | null;
  outcome: string | null;
  outcome_note: string | null;
}

/** The judgment pronounced in a case (one per case): its date and operative part, as the clerk recorded it. */
export interface JudgmentsTable extends Versioned {
  id: string;
  case_id: string;
  /** The hearing at which it was pronounced, when it was pronounced at one on the roll. */
  hearing_id: string | null;
  pronounced_on: string;
  operative_part: string;
  recorded_at: string;
  recorded_by: string;
  /** Set by the last required signature (signJudgment): from then on every edit is refused. */
  locked_at: string | null;
}

/** One signature of a judgment's PDF (signJudgment): the judge's, then the clerk's countersignature on the same file. */
export interface JudgmentSignaturesTable extends Versioned {
  id: string;
  judgment_id: string;
  /** 'judge' (first), then 'clerk' (a clerk or chief clerk countersigns the judge's file). */
  step: string;
  /** SHA-256 and size of the file this signature produced (the file kept in <dataDir>/documents). */
  file_sha256: string;
  file_size: number;
  /** SHA-256 of the file it was appended to: the judgment as printed, or the judge's signed file. */
  signed_over_sha256: string;
  signer_id: string;
  /** The role the signer signed in (judge, clerk, chief_clerk). */
  signer_role: string;
  certificate_subject: string;
  certificate_issuer: string;
  /** Hex, as the certificate carries it. */
  certificate_serial: string;
  /** SHA-256 fingerprint of the signer's certificate (DER). */
  certificate_sha256: string;
  /** The signing time written in the signature's /M. */
  signed_at: string;
}

/**
 * One extension of a judgment's signed file for long-term validation (recordSignatureExtension,
 * migrations 0026, 0027): the new file is `from_sha256`'s with one revision appended. Chained per
 * judgment by `from_sha256` (`seq` counts the chain as its maker saw it). A synced record since 0027,
 * made on a desk or on the court's server; one per file extended.
 */
export interface SignatureExtensionsTable {
  /** nameBasedId(`signature-extension:<from_sha256>`): a desk and the server extending one file make one record. */
  id: string;
  file_sha256: string;
  judgment_id: string;
  /** 1 for the first extension of the judgment's file, then 2, 3 … (the archive chain). */
  seq: number;
  /** The file this one was appended to: the last signature's, or the previous extension's. */
  from_sha256: string;
  file_size: number;
  /** 'B-LT' (validation data) or 'B-LTA' (and a document timestamp). */
  level: string;
  extended_at: string;
  /** Who extended it; null: the court's server did (src/server/ltv). */
  extended_by: string | null;
  version: number;
  updated_hlc: string;
}

/**
 * Server: a signed judgment's file to extend for long-term validation (src/server/ltv), one row per
 * file. `waiting` until `next_try_at`; an instance takes it by setting `lease_owner` and
 * `lease_until` (compare-and-set: a lease that ran out may be taken by another). Ends `done` (the
 * file it made and its level, or nothing to do) or `refused` with the reason (`problem_*`).
 */
export interface SignatureExtensionJobsTable {
  from_sha256: string;
  judgment_id: string;
  court_id: string;
  state: string;
  tries: number;
  next_try_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  problem_code: string | null;
  problem_key: string | null;
  file_sha256: string | null;
  level: string | null;
  updated_at: string;
}

export interface AuditTable {
  seq: Generated<number>;
  device_id: string;
  hlc: string;
  wall_time: string;
  /** When recorded here, if not wall_time (a re-run mutation); hashed only when set. Migration 0009. */
  recorded_at: string | null;
  user_id: string | null;
  command: string;
  /** canonical JSON of AuditChange[] */
  changes: string;
  prev_hash: string;
  hash: string;
}

export interface OutboxTable {
  mutation_id: Generated<number>;
  name: string;
  /** canonical JSON of the validated args */
  args: string;
  /** JSON map entity id → version the command was based on */
  base_versions: string;
  /**
   * canonical JSON of GeneratedValues: the ids (per kind) and case numbers the command drew, so a
   * re-run elsewhere creates the same rows. null on rows written before migration 0009.
   */
  generated: string | null;
  hlc: string;
  user_id: string;
  created_at: string;
  /** pending | pushed (sync fills the rest) */
  status: string;
  /** The sync version its command input was recorded under (1 before migration 0016). */
  schema_version: Generated<number>;
}

export interface NumberBlocksTable {
  id: string;
  court_id: string;
  type_code: string;
  year: number;
  first_serial: number;
  last_serial: number;
  next_serial: number;
  /** 'server' or 'bootstrap' (granted locally before the first sync). */
  source: string;
  granted_at: string;
  /** Server: the device it was granted to (migration 0014); null: the store's own blocks. */
  device_id: string | null;
}

export interface ProvisionalCountersTable {
  device_tag: string;
  type_code: string;
  year: number;
  last_sequence: number;
}

/**
 * Which cases an audit entry concerns (written by the command runner in the same transaction),
 * so a case's timeline is an index lookup rather than a scan of every entry's changes.
 */
export interface AuditSubjectsTable {
  seq: number;
  case_id: string;
}

/** How many cases per (court, status, chamber, type, year): kept by triggers on cases (migration 0004). */
export interface CaseCountsTable {
  court_id: string;
  status: string;
  chamber_id: string;
  case_type_id: string;
  year: number;
  n: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** Server (migration 0010): one row per court, locked by each transaction that records a command of it. */
export interface CourtHeadsTable {
  court_id: string;
  audit_seq: number;
  audit_hash: string;
  change_seq: number;
}

/** Server: each court's audit chain (same hashing as `audit`, numbered per court). */
export interface CourtAuditTable {
  court_id: string;
  seq: number;
  device_id: string;
  hlc: string;
  wall_time: string;
  recorded_at: string | null;
  user_id: string | null;
  command: string;
  changes: string;
  prev_hash: string;
  hash: string;
}

/** Server: each synced record as a command left it, per court in commit order — what pull serves. */
export interface ChangeLogTable {
  court_id: string;
  seq: number;
  entity: string;
  entity_id: string;
  version: number;
  hlc: string;
  device_id: string;
  /** JSON { field: [before, after] } of the fields the command changed (before null: created). */
  changed: string;
  /** JSON of the whole row after the change (never a password hash). */
  row: string;
}

/** Server: each pushed mutation's outcome, so a mutation seen again is answered, not applied. */
export interface MutationsTable {
  device_id: string;
  mutation_id: number;
  court_id: string;
  name: string;
  user_id: string;
  hlc: string;
  /** applied | rejected | conflict */
  outcome: string;
  /** JSON: the result (applied), the error (rejected) or the conflict's id (conflict). */
  detail: string;
  received_at: string;
}

/** Server: a mutation that changed fields someone else changed since its base, kept for a person. */
export interface ConflictsTable {
  id: string;
  court_id: string;
  device_id: string;
  mutation_id: number;
  name: string;
  args: string;
  user_id: string;
  entity: string;
  entity_id: string;
  base_version: number;
  server_version: number;
  /** JSON [{ field, base, mine, theirs }] */
  fields: string;
  /** open | resolved */
  status: string;
  created_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
}

/** Desk (migration 0012): the server's answer to each pushed mutation. */
export interface PushOutcomesTable {
  mutation_id: number;
  /** applied | rejected | conflict */
  outcome: string;
  /** JSON: the result, the error, or the conflict (base / mine / theirs per field). */
  detail: string;
  received_at: string;
  /** When the clerk settled it (a conflict resolved, a rejection put aside); null while open. */
  settled_at: string | null;
}

/** Desk: per court, the last change of the server's log applied here. */
export interface PullCursorsTable {
  court_id: string;
  seq: number;
}

/** Desk (migration 0016): a record a refused mutation changed here, to be asked for again. */
export interface ResyncRecordsTable {
  entity_id: string;
  entity: string;
  /** The first refused mutation that changed it. */
  mutation_id: number;
}

/** Server (migration 0011): an enrolled workstation and its credential (SHA-256 of its secret). */
export interface DevicesTable {
  id: string;
  court_id: string;
  /** 4–8 of [A-Z0-9], unique: what its provisional case numbers carry. */
  tag: string;
  name: string;
  credential_hash: string;
  enrolled_at: string;
  /** Who issued the enrolment code it used (the operator named in the code). */
  enrolled_by: string;
  revoked_at: string | null;
  /** Its last login or refresh (not every request: that would be a write per read). */
  last_seen_at: string | null;
}

/** Server (0011): a one-time enrolment code, kept only as its SHA-256. */
export interface EnrolmentCodesTable {
  id: string;
  code_hash: string;
  court_id: string;
  /** The device name the operator intended it for. */
  device_name: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by_device: string | null;
}

/** Server (0011): a refresh token (SHA-256 of it), bound to a user and a device; one family per login. */
export interface RefreshTokensTable {
  id: string;
  family_id: string;
  user_id: string;
  device_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  /** Set when exchanged for the next one: presenting it again is reuse, and revokes the family. */
  rotated_at: string | null;
  revoked_at: string | null;
}

/** Server (0011): the login rate limit's state per bucket ('ip:…', 'user:…'), shared by every instance. */
export interface LoginThrottleTable {
  bucket: string;
  /** JSON array of the epoch milliseconds of the attempts within the last window. */
  attempts: string;
  last_attempt_ms: number;
}

/** Server (migration 0013): a blob stored under blobs/sha256/ab/cd/<sha256>. */
export interface BlobsTable {
  sha256: string;
  size: number;
  stored_at: string;
}

/** Server: a court that may read a blob (it sent the bytes once). */
export interface BlobCourtsTable {
  sha256: string;
  court_id: string;
  /** The device whose upload gave the court this blob. */
  device_id: string;
  added_at: string;
}

/** Server: an upload in progress; `received` is the offset the next chunk must start at. */
export interface BlobUploadsTable {
  id: string;
  sha256: string;
  size: number;
  received: number;
  court_id: string;
  device_id: string;
  created_at: string;
  /** Last time a chunk arrived (or the upload was made): expiry counts from here. */
  touched_at: string;
}

/** Server: one accepted chunk of an upload, in its own file of the upload's folder. */
export interface BlobUploadChunksTable {
  upload_id: string;
  /** Where the chunk starts in the blob. */
  starts_at: number;
  bytes: number;
  /** Its file's name inside the upload's folder (made by the server, never by a client). */
  file: string;
}

/** A kind of document filed in a case (reference data, migration 0018). */
export interface DocumentTypesTable extends Versioned {
  id: string;
  code: string;
  name_ar: string;
  name_fr: string;
  name_en: string;
  active: number;
}

/** A document filed in a case (attachDocument); its file is the blob `sha256` in the data folder. */
export interface DocumentsTable extends Versioned {
  id: string;
  court_id: string;
  case_id: string;
  document_type_id: string;
  document_date: string | null;
  /** The language the document is written in (ar, fr, en): the Latin model for its Latin pages. */
  language: string;
  /** The clerk's choice of OCR model for every page, `ara+fra` for pages mixing scripts, or `auto` (each page's script). */
  ocr_language: string;
  title: string;
  file_name: string;
  sha256: string;
  size: number;
  mime: string;
  page_count: number;
  created_at: string;
  created_by: string;
  /** JSON object, 0-based page index → the choice made for that page alone (chooseOcrLanguage); `{}` when none. */
  page_ocr_languages: string;
}

/**
 * A detached CAdES signature of a document's file (recordDocumentSignature, migration 0029); synced.
 * The .p7s is kept in the store under `signature_sha256` and travels as a blob, like the document's
 * file. `document_sha256` is the file it covers (the document's, when it was recorded).
 */
export interface DocumentSignaturesTable extends Versioned {
  /** nameBasedId(`document-signature:<signature_sha256>`): the same .p7s is one record wherever it is recorded. */
  id: string;
  court_id: string;
  document_id: string;
  document_sha256: string;
  signature_sha256: string;
  signature_size: number;
  signer_id: string;
  /** The role the signer signed in (judge, clerk, chief_clerk, president). */
  signer_role: string;
  certificate_subject: string;
  certificate_issuer: string;
  /** Hex, as the certificate carries it. */
  certificate_serial: string;
  /** SHA-256 fingerprint of the signer's certificate (DER). */
  certificate_sha256: string;
  /** 'B-B', or 'B-T' with a signature timestamp. */
  level: string;
  /** The CMS's signing-time signed attribute. */
  signed_at: string;
}

/** The chief clerk's signed register of a court day (recordDailyRegister, migration 0022); synced. */
export interface DailyRegistersTable extends Versioned {
  id: string;
  court_id: string;
  court_date: string;
  /** The workstation whose chain the register anchors. */
  device_id: string;
  head_seq: number;
  head_hash: string;
  entry_count: number;
  /** The signed bytes, verbatim (canonical JSON of a DailyRegister). */
  register_json: string;
  /** The CAdES-detached CMS over register_json, base64 DER. */
  signature: string;
  signer_subject: string;
  signed_by: string;
  signed_at: string;
}

/** A person's correction of one page's text (correctPageText); synced. */
export interface PageCorrectionsTable extends Versioned {
  id: string;
  document_id: string;
  page_index: number;
  text: string;
  corrected_at: string;
  corrected_by: string;
}

/** Desk: the text of one page as OCR (or the PDF's text layer) read it, or its correction. */
export interface DocumentPagesTable {
  document_id: string;
  page_index: number;
  /** pending → done | failed. */
  ocr_status: string;
  source: string | null;
  model: string | null;
  script: string | null;
  /** The corrected text when `corrected` is 1. */
  text: string;
  confidence: number | null;
  /** JSON array of WordBox. */
  words: string;
  width: number | null;
  height: number | null;
  corrected: number;
  read_ms: number | null;
  read_at: string | null;
  /** The choice this page waits to be read again with (chooseOcrLanguage); null when it waits for none. */
  reread_language: string | null;
}

/** Desk: one OCR run of a document; resumed after a crash, pages already done are kept. */
export interface OcrJobsTable {
  id: string;
  document_id: string;
  status: string;
  language: string;
  dpi: number;
  attempts: number;
  pages_total: number;
  pages_done: number;
  /** The DocumentFaultReason the job failed with. */
  error_code: string | null;
  error_page: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** When the success hook (the search index) took the document; null until then. */
  indexed_at: string | null;
}

/** Desk: a sign that a page seems to belong to another case (findMisfiledSigns after OCR); never synced. */
export interface MisfiledSignsTable {
  document_id: string;
  page_index: number;
  /** The case the page seems to belong to. */
  other_case_id: string;
  other_case_number: string;
  /** JSON array of MisfiledReason. */
  reasons: string;
  found_at: string;
}

/** Desk: one document file (by SHA-256) moved to and from the court's server (migration 0025). */
export interface DocumentFilesTable {
  sha256: string;
  /** 1 once this desk's store has held the file (scanned here, or fetched). */
  held_here: number;
  /** When the server confirmed it holds the file for this desk's court; null until then. */
  uploaded_at: string | null;
  /** The last problem met (DocumentFileProblem), null once the file moved. */
  problem: string | null;
  /** The server's error code when it refused the file. */
  problem_code: string | null;
  tries: number;
  updated_at: string;
}

/** Desk: which page each row of the page_search index (FTS5, 0020) is; a row exists while its page is indexed. */
export interface PageSearchRowsTable {
  id: Generated<number>;
  document_id: string;
  page_index: number;
}

/** Desk: the one `reindex` run in progress or last finished, with its cursor (0020). */
export interface PageReindexTable {
  id: number;
  started_at: string;
  /** The last page done, in (document_id, page_index) order; null before the first batch. */
  after_document_id: string | null;
  after_page_index: number | null;
  pages_done: number;
  pages_total: number;
  finished_at: string | null;
}

export interface Database {
  courts: CourtsTable;
  chambers: ChambersTable;
  case_types: CaseTypesTable;
  holidays: HolidaysTable;
  users: UsersTable;
  cases: CasesTable;
  parties: PartiesTable;
  case_parties: CasePartiesTable;
  hearings: HearingsTable;
  judgments: JudgmentsTable;
  judgment_signatures: JudgmentSignaturesTable;
  signature_extensions: SignatureExtensionsTable;
  signature_extension_jobs: SignatureExtensionJobsTable;
  audit: AuditTable;
  audit_subjects: AuditSubjectsTable;
  outbox: OutboxTable;
  number_blocks: NumberBlocksTable;
  provisional_counters: ProvisionalCountersTable;
  settings: SettingsTable;
  case_counts: CaseCountsTable;
  court_heads: CourtHeadsTable;
  court_audit: CourtAuditTable;
  change_log: ChangeLogTable;
  mutations: MutationsTable;
  conflicts: ConflictsTable;
  push_outcomes: PushOutcomesTable;
  pull_cursors: PullCursorsTable;
  resync_records: ResyncRecordsTable;
  devices: DevicesTable;
  enrolment_codes: EnrolmentCodesTable;
  refresh_tokens: RefreshTokensTable;
  login_throttle: LoginThrottleTable;
  blobs: BlobsTable;
  blob_courts: BlobCourtsTable;
  blob_uploads: BlobUploadsTable;
  blob_upload_chunks: BlobUploadChunksTable;
  document_types: DocumentTypesTable;
  documents: DocumentsTable;
  page_corrections: PageCorrectionsTable;
  document_signatures: DocumentSignaturesTable;
  daily_registers: DailyRegistersTable;
  document_pages: DocumentPagesTable;
  ocr_jobs: OcrJobsTable;
  misfiled_signs: MisfiledSignsTable;
  document_files: DocumentFilesTable;
  page_search_rows: PageSearchRowsTable;
  page_reindex: PageReindexTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** How a column is stored on every engine: an integer or text, and whether it may be null. */
export type ColumnKind = 'integer' | 'integer?' | 'text' | 'text?';

type KindOf<V> = null extends V ? (NonNullable<V> extends number ? 'integer?' : 'text?') : V extends number ? 'integer' : 'text';

/**
 * Every table and column both engines must have (SQLite on the desk, PostgreSQL on the server),
 * with its kind. Checked against the table types above by the compiler: a column missing here, one
 * that is not in the type, or a kind that disagrees with the type fails `tsc`. The schema test
 * (test/integration/postgres/schema.test.ts) checks a fresh store of each engine against it.
 */
export const SCHEMA_COLUMNS = {
  courts: { id: 'text', code: 'text', name_ar: 'text', name_fr: 'text', version: 'integer', updated_hlc: 'text' },
  chambers: { id: 'text', court_id: 'text', code: 'text', name_ar: 'text', name_fr: 'text', version: 'integer', updated_hlc: 'text' },
  case_types: {
    id: 'text',
    code: 'text',
    name_ar: 'text',
    name_fr: 'text',
    name_en: 'text',
    valid_from: 'text',
    valid_to: 'text?',
    version: 'integer',
    updated_hlc: 'text',
  },
  holidays: { date: 'text', name_ar: 'text', name_fr: 'text', name_en: 'text' },
  users: {
    id: 'text',
    court_id: 'text',
    username: 'text',
    display_name: 'text',
    roles: 'text',
    password_hash: 'text',
    active: 'integer',
    must_change_password: 'integer',
    created_at: 'text',
    version: 'integer',
    updated_hlc: 'text',
  },
  cases: {
    id: 'text',
    court_id: 'text',
    chamber_id: 'text',
    case_type_id: 'text',
    type_code: 'text',
    year: 'integer',
    serial: 'integer?',
    number: 'text',
    provisional: 'integer',
    provisional_number: 'text?',
    subject: 'text',
    status: 'text',
    filed_on: 'text',
    closed_on: 'text?',
    closure_reason: 'text?',
    closure_note: 'text?',
    parties_summary: 'text',
    next_hearing_date: 'text?',
    pronouncement_date: 'text?',
    search_text: 'text',
    created_at: 'text',
    created_by: 'text',
    version: 'integer',
    updated_hlc: 'text',
  },
  parties: {
    id: 'text',
    court_id: 'text',
    kind: 'text',
    name_ar: 'text?',
    name_latin: 'text?',
    national_id: 'text?',
    address: 'text?',
    phone: 'text?',
    search_text: 'text',
    version: 'integer',
    updated_hlc: 'text',
  },
  case_parties: {
    id: 'text',
    case_id: 'text',
    party_id: 'text',
    role: 'text',
    lawyer_name: 'text?',
    lawyer_bar_number: 'text?',
    removed_at: 'text?',
    removal_reason: 'text?',
    version: 'integer',
    updated_hlc: 'text',
  },
  hearings: {
    id: 'text',
    case_id: 'text',
    chamber_id: 'text',
    date: 'text',
    time: 'text',
    room: 'text?',
    status: 'text',
    adjournment_reason: 'text?',
    adjournment_note: 'text?',
    next_hearing_id: 'text?',
    outcome: 'text?',
    outcome_note: 'text?',
    version: 'integer',
    updated_hlc: 'text',
  },
  judgments: {
    id: 'text',
    case_id: 'text',
    hearing_id: 'text?',
    pronounced_on: 'text',
    operative_part: 'text',
    recorded_at: 'text',
    recorded_by: 'text',
    locked_at: 'text?',
    version: 'integer',
    updated_hlc: 'text',
  },
  judgment_signatures: {
    id: 'text',
    judgment_id: 'text',
    step: 'text',
    file_sha256: 'text',
    file_size: 'integer',
    signed_over_sha256: 'text',
    signer_id: 'text',
    signer_role: 'text',
    certificate_subject: 'text',
    certificate_issuer: 'text',
    certificate_serial: 'text',
    certificate_sha256: 'text',
    signed_at: 'text',
    version: 'integer',
    updated_hlc: 'text',
  },
  signature_extensions: {
    id: 'text',
    file_sha256: 'text',
    judgment_id: 'text',
    seq: 'integer',
    from_sha256: 'text',
    file_size: 'integer',
    level: 'text',
    extended_at: 'text',
    extended_by: 'text?',
    version: 'integer',
    updated_hlc: 'text',
  },
  signature_extension_jobs: {
    from_sha256: 'text',
    judgment_id: 'text',
    court_id: 'text',
    state: 'text',
    tries: 'integer',
    next_try_at: 'text',
    lease_owner: 'text?',
    lease_until: 'text?',
    problem_code: 'text?',
    problem_key: 'text?',
    file_sha256: 'text?',
    level: 'text?',
    updated_at: 'text',
  },
  audit: {
    seq: 'integer',
    device_id: 'text',
    hlc: 'text',
    wall_time: 'text',
    recorded_at: 'text?',
    user_id: 'text?',
    command: 'text',
    changes: 'text',
    prev_hash: 'text',
    hash: 'text',
  },
  audit_subjects: { seq: 'integer', case_id: 'text' },
  outbox: {
    mutation_id: 'integer',
    name: 'text',
    args: 'text',
    base_versions: 'text',
    generated: 'text?',
    hlc: 'text',
    user_id: 'text',
    created_at: 'text',
    status: 'text',
    schema_version: 'integer',
  },
  number_blocks: {
    id: 'text',
    court_id: 'text',
    type_code: 'text',
    year: 'integer',
    first_serial: 'integer',
    last_serial: 'integer',
    next_serial: 'integer',
    source: 'text',
    granted_at: 'text',
    device_id: 'text?',
  },
  provisional_counters: { device_tag: 'text', type_code: 'text', year: 'integer', last_sequence: 'integer' },
  settings: { key: 'text', value: 'text' },
  case_counts: { court_id: 'text', status: 'text', chamber_id: 'text', case_type_id: 'text', year: 'integer', n: 'integer' },
  court_heads: { court_id: 'text', audit_seq: 'integer', audit_hash: 'text', change_seq: 'integer' },
  court_audit: {
    court_id: 'text',
    seq: 'integer',
    device_id: 'text',
    hlc: 'text',
    wall_time: 'text',
    recorded_at: 'text?',
    user_id: 'text?',
    command: 'text',
    changes: 'text',
    prev_hash: 'text',
    hash: 'text',
  },
  change_log: {
    court_id: 'text',
    seq: 'integer',
    entity: 'text',
    entity_id: 'text',
    version: 'integer',
    hlc: 'text',
    device_id: 'text',
    changed: 'text',
    row: 'text',
  },
  mutations: {
    device_id: 'text',
    mutation_id: 'integer',
    court_id: 'text',
    name: 'text',
    user_id: 'text',
    hlc: 'text',
    outcome: 'text',
    detail: 'text',
    received_at: 'text',
  },
  conflicts: {
    id: 'text',
    court_id: 'text',
    device_id: 'text',
    mutation_id: 'integer',
    name: 'text',
    args: 'text',
    user_id: 'text',
    entity: 'text',
    entity_id: 'text',
    base_version: 'integer',
    server_version: 'integer',
    fields: 'text',
    status: 'text',
    created_at: 'text',
    resolved_by: 'text?',
    resolved_at: 'text?',
  },
  push_outcomes: { mutation_id: 'integer', outcome: 'text', detail: 'text', received_at: 'text', settled_at: 'text?' },
  pull_cursors: { court_id: 'text', seq: 'integer' },
  resync_records: { entity_id: 'text', entity: 'text', mutation_id: 'integer' },
  devices: {
    id: 'text',
    court_id: 'text',
    tag: 'text',
    name: 'text',
    credential_hash: 'text',
    enrolled_at: 'text',
    enrolled_by: 'text',
    revoked_at: 'text?',
    last_seen_at: 'text?',
  },
  enrolment_codes: {
    id: 'text',
    code_hash: 'text',
    court_id: 'text',
    device_name: 'text',
    created_by: 'text',
    created_at: 'text',
    expires_at: 'text',
    used_at: 'text?',
    used_by_device: 'text?',
  },
  refresh_tokens: {
    id: 'text',
    family_id: 'text',
    user_id: 'text',
    device_id: 'text',
    token_hash: 'text',
    created_at: 'text',
    expires_at: 'text',
    rotated_at: 'text?',
    revoked_at: 'text?',
  },
  login_throttle: { bucket: 'text', attempts: 'text', last_attempt_ms: 'integer' },
  blobs: { sha256: 'text', size: 'integer', stored_at: 'text' },
  blob_courts: { sha256: 'text', court_id: 'text', device_id: 'text', added_at: 'text' },
  blob_uploads: {
    id: 'text',
    sha256: 'text',
    size: 'integer',
    received: 'integer',
    court_id: 'text',
    device_id: 'text',
    created_at: 'text',
    touched_at: 'text',
  },
  blob_upload_chunks: { upload_id: 'text', starts_at: 'integer', bytes: 'integer', file: 'text' },
  document_types: { id: 'text', code: 'text', name_ar: 'text', name_fr: 'text', name_en: 'text', active: 'integer', version: 'integer', updated_hlc: 'text' },
  documents: {
    id: 'text',
    court_id: 'text',
    case_id: 'text',
    document_type_id: 'text',
    document_date: 'text?',
    language: 'text',
    ocr_language: 'text',
    title: 'text',
    file_name: 'text',
    sha256: 'text',
    size: 'integer',
    mime: 'text',
    page_count: 'integer',
    created_at: 'text',
    created_by: 'text',
    version: 'integer',
    updated_hlc: 'text',
    page_ocr_languages: 'text',
  },
  daily_registers: {
    id: 'text',
    court_id: 'text',
    court_date: 'text',
    device_id: 'text',
    head_seq: 'integer',
    head_hash: 'text',
    entry_count: 'integer',
    register_json: 'text',
    signature: 'text',
    signer_subject: 'text',
    signed_by: 'text',
    signed_at: 'text',
    version: 'integer',
    updated_hlc: 'text',
  },
  page_corrections: {
    id: 'text',
    document_id: 'text',
    page_index: 'integer',
    text: 'text',
    corrected_at: 'text',
    corrected_by: 'text',
    version: 'integer',
    updated_hlc: 'text',
  },
  document_signatures: {
    id: 'text',
    court_id: 'text',
    document_id: 'text',
    document_sha256: 'text',
    signature_sha256: 'text',
    signature_size: 'integer',
    signer_id: 'text',
    signer_role: 'text',
    certificate_subject: 'text',
    certificate_issuer: 'text',
    certificate_serial: 'text',
    certificate_sha256: 'text',
    level: 'text',
    signed_at: 'text',
    version: 'integer',
    updated_hlc: 'text',
  },
  document_pages: {
    document_id: 'text',
    page_index: 'integer',
    ocr_status: 'text',
    source: 'text?',
    model: 'text?',
    script: 'text?',
    text: 'text',
    confidence: 'integer?',
    words: 'text',
    width: 'integer?',
    height: 'integer?',
    corrected: 'integer',
    read_ms: 'integer?',
    read_at: 'text?',
    reread_language: 'text?',
  },
  ocr_jobs: {
    id: 'text',
    document_id: 'text',
    status: 'text',
    language: 'text',
    dpi: 'integer',
    attempts: 'integer',
    pages_total: 'integer',
    pages_done: 'integer',
    error_code: 'text?',
    error_page: 'integer?',
    created_at: 'text',
    started_at: 'text?',
    finished_at: 'text?',
    indexed_at: 'text?',
  },
  misfiled_signs: {
    document_id: 'text',
    page_index: 'integer',
    other_case_id: 'text',
    other_case_number: 'text',
    reasons: 'text',
    found_at: 'text',
  },
  document_files: {
    sha256: 'text',
    held_here: 'integer',
    uploaded_at: 'text?',
    problem: 'text?',
    problem_code: 'text?',
    tries: 'integer',
    updated_at: 'text',
  },
  page_search_rows: { id: 'integer', document_id: 'text', page_index: 'integer' },
  page_reindex: {
    id: 'integer',
    started_at: 'text',
    after_document_id: 'text?',
    after_page_index: 'integer?',
    pages_done: 'integer',
    pages_total: 'integer',
    finished_at: 'text?',
  },
} as const satisfies { [T in keyof Database]: { [C in keyof Selectable<Database[T]> & string]: KindOf<Selectable<Database[T]>[C]> } };
