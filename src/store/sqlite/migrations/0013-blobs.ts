// The server's blob store (ARCHITECTURE §4, blobs): which blobs exist and which courts may read
// each (a court gains a blob only by sending its bytes, so a hash alone reveals and grants
// nothing), and the uploads in progress — in the database, not in a process's memory, so an
// upload survives a restart and any server instance sharing the database and the blob folder can
// take its next chunk. Each chunk accepted is a file of its own in the upload's folder and a row
// here; a chunk is recorded only if it starts where the upload stands (compare-and-set on
// `received`), so two instances can never both extend the same upload. Empty on a desk.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0013: Migration = {
  version: 13,
  name: 'blobs',
  sql: `
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size >= 0),
  stored_at TEXT NOT NULL
) STRICT;

CREATE TABLE blob_courts (
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  court_id TEXT NOT NULL REFERENCES courts(id),
  device_id TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (sha256, court_id)
) STRICT;

CREATE TABLE blob_uploads (
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size >= 0),
  received INTEGER NOT NULL CHECK (received >= 0 AND received <= size),
  court_id TEXT NOT NULL REFERENCES courts(id),
  device_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  touched_at TEXT NOT NULL
) STRICT;
-- One open upload per device and content: creating it again continues it.
CREATE UNIQUE INDEX blob_uploads_device_sha256 ON blob_uploads(court_id, device_id, sha256);
CREATE INDEX blob_uploads_device ON blob_uploads(device_id);
CREATE INDEX blob_uploads_touched ON blob_uploads(touched_at);

CREATE TABLE blob_upload_chunks (
  upload_id TEXT NOT NULL REFERENCES blob_uploads(id) ON DELETE CASCADE,
  starts_at INTEGER NOT NULL CHECK (starts_at >= 0),
  bytes INTEGER NOT NULL CHECK (bytes >= 1),
  file TEXT NOT NULL,
  PRIMARY KEY (upload_id, starts_at)
) STRICT;
`,
};
