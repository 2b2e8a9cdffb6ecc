// Mirrors the desk's 0029: a document's detached signatures (recordDocumentSignature), scoped to the
// court and synced; the .p7s itself is the court's blob (src/server/blobs), named by its SHA-256.
// Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0029: PgMigration = {
  version: 29,
  name: 'document-signatures',
  sql: `
CREATE TABLE document_signatures (
  id text COLLATE "C" PRIMARY KEY CHECK (length(id) = 36),
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  document_id text COLLATE "C" NOT NULL REFERENCES documents(id),
  document_sha256 text COLLATE "C" NOT NULL CHECK (length(document_sha256) = 64),
  signature_sha256 text COLLATE "C" NOT NULL UNIQUE CHECK (length(signature_sha256) = 64),
  signature_size integer NOT NULL CHECK (signature_size > 0),
  signer_id text COLLATE "C" NOT NULL REFERENCES users(id),
  signer_role text COLLATE "C" NOT NULL,
  certificate_subject text COLLATE "C" NOT NULL,
  certificate_issuer text COLLATE "C" NOT NULL,
  certificate_serial text COLLATE "C" NOT NULL,
  certificate_sha256 text COLLATE "C" NOT NULL CHECK (length(certificate_sha256) = 64),
  level text COLLATE "C" NOT NULL CHECK (level IN ('B-B', 'B-T')),
  signed_at text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL
);
CREATE INDEX document_signatures_document ON document_signatures (document_id, signed_at);
`,
};
