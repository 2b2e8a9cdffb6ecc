// A document's detached signatures become records (ARCHITECTURE §6, "Detached signatures of any
// file"): each .p7s made on a card for a document's file is recorded by recordDocumentSignature —
// the file it covers, the .p7s's SHA-256 and size (the .p7s itself is kept in the desk's store and
// travels as a blob, like the document's file), the signer and the role they signed in, the
// certificate, the level (B-B, B-T) and the signing time. Scoped to the court, synced. Before this
// a .p7s left the desk and nothing was kept. Never edit a released migration.
import type { Migration } from './migration';

export const migration0029: Migration = {
  version: 29,
  name: 'document-signatures',
  sql: `
CREATE TABLE document_signatures (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  court_id TEXT NOT NULL REFERENCES courts(id),
  document_id TEXT NOT NULL REFERENCES documents(id),
  document_sha256 TEXT NOT NULL CHECK (length(document_sha256) = 64),
  signature_sha256 TEXT NOT NULL UNIQUE CHECK (length(signature_sha256) = 64),
  signature_size INTEGER NOT NULL CHECK (signature_size > 0),
  signer_id TEXT NOT NULL REFERENCES users(id),
  signer_role TEXT NOT NULL,
  certificate_subject TEXT NOT NULL,
  certificate_issuer TEXT NOT NULL,
  certificate_serial TEXT NOT NULL,
  certificate_sha256 TEXT NOT NULL CHECK (length(certificate_sha256) = 64),
  level TEXT NOT NULL CHECK (level IN ('B-B', 'B-T')),
  signed_at TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX document_signatures_document ON document_signatures (document_id, signed_at);
`,
};
