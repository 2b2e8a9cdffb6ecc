// Mirrors the desk's 0013: blobs stored by their SHA-256, the courts that may read each, and
// resumable uploads with their accepted chunks (state in the database, so several server instances
// sharing it and the blob folder resume one another's uploads). Sizes are bigint: a blob may pass
// 2 GiB. Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0013: PgMigration = {
  version: 13,
  name: 'blobs',
  sql: `
CREATE TABLE blobs (
  sha256 text COLLATE "C" PRIMARY KEY CHECK (length(sha256) = 64),
  size bigint NOT NULL CHECK (size >= 0),
  stored_at text COLLATE "C" NOT NULL
);

CREATE TABLE blob_courts (
  sha256 text COLLATE "C" NOT NULL REFERENCES blobs(sha256),
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  device_id text COLLATE "C" NOT NULL,
  added_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (sha256, court_id)
);

CREATE TABLE blob_uploads (
  id text COLLATE "C" PRIMARY KEY,
  sha256 text COLLATE "C" NOT NULL CHECK (length(sha256) = 64),
  size bigint NOT NULL CHECK (size >= 0),
  received bigint NOT NULL CHECK (received >= 0 AND received <= size),
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  device_id text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  touched_at text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX blob_uploads_device_sha256 ON blob_uploads(court_id, device_id, sha256);
CREATE INDEX blob_uploads_device ON blob_uploads(device_id);
CREATE INDEX blob_uploads_touched ON blob_uploads(touched_at);

CREATE TABLE blob_upload_chunks (
  upload_id text COLLATE "C" NOT NULL REFERENCES blob_uploads(id) ON DELETE CASCADE,
  starts_at bigint NOT NULL CHECK (starts_at >= 0),
  bytes bigint NOT NULL CHECK (bytes >= 1),
  file text COLLATE "C" NOT NULL,
  PRIMARY KEY (upload_id, starts_at)
);
`,
};
