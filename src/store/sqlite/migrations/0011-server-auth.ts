// What the server keeps to know who calls it (ARCHITECTURE §7), in the same schema as the desk's:
// the tables exist, empty, on a desk too (like 0010), so one set of migrations serves both.
// - devices: enrolled workstations. A device proves itself with a secret shown once at enrolment
//   and kept here only as its SHA-256 (a random 256-bit secret needs no slow hash); `tag` is what
//   its provisional case numbers carry (P-<tag>-<n>), so it is unique. Revoking sets revoked_at:
//   its credential and its tokens stop at once (checked on every request).
// - enrolment_codes: one-time codes an operator issues for a court; stored hashed, single use
//   (claimed by one conditional UPDATE), with an expiry.
// - refresh_tokens: rotating refresh tokens, stored hashed, bound to a user AND a device; a family
//   is the chain of rotations of one login, so reuse of a rotated token revokes the whole chain.
// - login_throttle: the login rate limit, one row per bucket (an IP, a user name) holding its
//   recent attempts. It lives in the database, not in a process, so several server instances on
//   one database enforce one limit; each login locks its buckets' rows in its transaction.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0011: Migration = {
  version: 11,
  name: 'server-auth',
  sql: `
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  court_id TEXT NOT NULL REFERENCES courts(id),
  tag TEXT NOT NULL UNIQUE CHECK (length(tag) BETWEEN 4 AND 8 AND tag NOT GLOB '*[^A-Z0-9]*'),
  name TEXT NOT NULL,
  credential_hash TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  enrolled_by TEXT NOT NULL,
  revoked_at TEXT,
  last_seen_at TEXT
) STRICT;
CREATE INDEX devices_court ON devices(court_id);

CREATE TABLE enrolment_codes (
  id TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL UNIQUE,
  court_id TEXT NOT NULL REFERENCES courts(id),
  device_name TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by_device TEXT REFERENCES devices(id)
) STRICT;

CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  rotated_at TEXT,
  revoked_at TEXT
) STRICT;
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
CREATE INDEX refresh_tokens_device ON refresh_tokens(device_id);

CREATE TABLE login_throttle (
  bucket TEXT PRIMARY KEY,
  attempts TEXT NOT NULL,
  last_attempt_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX login_throttle_last ON login_throttle(last_attempt_ms);
`,
};
