// Mirrors the desk's 0022: the signed daily registers, synced records kept on the server too.
// Never edit a released migration.
import type { PgMigration } from './migration';

export const pgMigration0022: PgMigration = {
  version: 22,
  name: 'daily-registers',
  sql: `
CREATE TABLE daily_registers (
  id text COLLATE "C" PRIMARY KEY,
  court_id text COLLATE "C" NOT NULL REFERENCES courts(id),
  court_date text COLLATE "C" NOT NULL,
  device_id text COLLATE "C" NOT NULL,
  head_seq integer NOT NULL CHECK (head_seq >= 0),
  head_hash text COLLATE "C" NOT NULL CHECK (length(head_hash) = 64),
  entry_count integer NOT NULL CHECK (entry_count >= 0),
  register_json text COLLATE "C" NOT NULL,
  signature text COLLATE "C" NOT NULL,
  signer_subject text COLLATE "C" NOT NULL,
  signed_by text COLLATE "C" NOT NULL REFERENCES users(id),
  signed_at text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  updated_hlc text COLLATE "C" NOT NULL,
  UNIQUE (court_id, court_date)
);
`,
};
