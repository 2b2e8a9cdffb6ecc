// Mirrors the desk's 0011: who calls the server — enrolled devices, one-time enrolment codes,
// rotating refresh tokens (all secrets kept as SHA-256) and the login rate limit's buckets, in
// the database so that every server instance enforces one limit. A device tag is 4–8 of [A-Z0-9]
// (SQLite checks it with GLOB, PostgreSQL with a regular expression). Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0011: PgMigration = {
  version: 11,
  name: 'server-auth',
  sql: `
CREATE TABLE devices (
  id text COLLATE "C" PRIMARY KEY,
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  tag text COLLATE "C" NOT NULL UNIQUE CHECK (tag ~ '^[A-Z0-9]{4,8}$'),
  name text COLLATE "C" NOT NULL,
  credential_hash text COLLATE "C" NOT NULL,
  enrolled_at text COLLATE "C" NOT NULL,
  enrolled_by text COLLATE "C" NOT NULL,
  revoked_at text COLLATE "C",
  last_seen_at text COLLATE "C"
);
CREATE INDEX devices_court ON devices(court_id);

CREATE TABLE enrolment_codes (
  id text COLLATE "C" PRIMARY KEY,
  code_hash text COLLATE "C" NOT NULL UNIQUE,
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  device_name text COLLATE "C" NOT NULL,
  created_by text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL,
  used_at text COLLATE "C",
  used_by_device text COLLATE "C" REFERENCES devices(id)
);

CREATE TABLE refresh_tokens (
  id text COLLATE "C" PRIMARY KEY,
  family_id text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL REFERENCES users(id),
  device_id text COLLATE "C" NOT NULL REFERENCES devices(id),
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  created_at text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL,
  rotated_at text COLLATE "C",
  revoked_at text COLLATE "C"
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
CREATE INDEX refresh_tokens_device ON refresh_tokens(device_id);

CREATE TABLE login_throttle (
  bucket text COLLATE "C" PRIMARY KEY,
  attempts text COLLATE "C" NOT NULL,
  last_attempt_ms bigint NOT NULL
);
CREATE INDEX login_throttle_last ON login_throttle(last_attempt_ms);
`,
};
