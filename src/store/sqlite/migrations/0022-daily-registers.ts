// The signed daily registers (ARCHITECTURE §6): at the close of a court day the chief clerk signs,
// with the card, the day's audit entries of this desk's chain and the chain's head; the record
// keeps the signed JSON verbatim with its CMS, and is synced, so every desk and the server hold a
// copy of each signed head outside the file it anchors. One per court and day.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0022: Migration = {
  version: 22,
  name: 'daily-registers',
  sql: `
CREATE TABLE daily_registers (
  id TEXT PRIMARY KEY,
  court_id TEXT NOT NULL REFERENCES courts(id),
  court_date TEXT NOT NULL,
  device_id TEXT NOT NULL,
  head_seq INTEGER NOT NULL CHECK (head_seq >= 0),
  head_hash TEXT NOT NULL CHECK (length(head_hash) = 64),
  entry_count INTEGER NOT NULL CHECK (entry_count >= 0),
  register_json TEXT NOT NULL,
  signature TEXT NOT NULL,
  signer_subject TEXT NOT NULL,
  signed_by TEXT NOT NULL REFERENCES users(id),
  signed_at TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_hlc TEXT NOT NULL,
  UNIQUE (court_id, court_date)
) STRICT;
`,
};
