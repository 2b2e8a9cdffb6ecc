// Every migration, in order. The last version here is the schema this build understands; a
// database whose user_version is higher was written by a newer Mahkama and is refused.
import type { Migration } from './migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-reference-data';
import { migration0003 } from './0003-audit-subjects';
import { migration0004 } from './0004-case-counts';
import { migration0005 } from './0005-lean-write-indexes';
import { migration0006 } from './0006-party-search-rowids-only';
import { migration0007 } from './0007-party-search-national-id';
import { migration0008 } from './0008-desk-day-one';
import { migration0009 } from './0009-mutations-carry-their-origin';
import { migration0010 } from './0010-server-sync';
import { migration0011 } from './0011-server-auth';
import { migration0012 } from './0012-desk-sync-state';
import { migration0013 } from './0013-blobs';
import { migration0014 } from './0014-number-blocks-of-devices';
import { migration0015 } from './0015-push-outcomes-settled';
import { migration0016 } from './0016-sync-versions-and-resync';
import { migration0017 } from './0017-case-counts-per-statement';
import { migration0018 } from './0018-documents';
import { migration0019 } from './0019-search-across-scripts';
import { migration0020 } from './0020-page-search';
import { migration0021 } from './0021-judgment-signatures';
import { migration0022 } from './0022-daily-registers';
import { migration0023 } from './0023-misfiled-signs';
import { migration0025 } from './0025-document-files';
import { migration0026 } from './0026-signature-extensions';
import { migration0027 } from './0027-signature-extensions-synced';
import { migration0028 } from './0028-ocr-language-reread';
import { migration0029 } from './0029-document-signatures';
import { migration0030 } from './0030-page-search-vocabulary';

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
  migration0020,
  migration0021,
  migration0022,
  migration0023,
  migration0025,
  migration0026,
  migration0027,
  migration0028,
  migration0029,
  migration0030,
];
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Tables only the desk has: quick find's FTS5 indexes (each with its shadow tables `<name>_*`),
 * party_keys being the sound keys of names (0019), page_search the text of document pages (0020)
 * and page_search_vocab the words it holds (0030, fts5vocab: no table of its own).
 * The server has no quick find, so its PostgreSQL schema has none of them.
 */
export const SQLITE_SEARCH_TABLES: readonly string[] = ['party_search', 'case_search', 'party_keys', 'page_search', 'page_search_vocab'];

/**
 * Columns the domain types as NOT NULL that SQLite keeps so by triggers (ALTER TABLE cannot add a
 * NOT NULL column with a reference to a table that has rows), with those triggers' names.
 * PostgreSQL declares them NOT NULL. The schema test counts them as not null where the triggers exist.
 */
export const SQLITE_NOT_NULL_BY_TRIGGER: Readonly<Record<string, readonly string[]>> = {
  'parties.court_id': ['parties_court_required_ai', 'parties_court_required_au'],
};
