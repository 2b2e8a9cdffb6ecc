// Every PostgreSQL migration, in order, one per SQLite migration of the same number (the schema
// test checks that both end with the same tables and columns). The last version here is the
// schema this build understands; a database that recorded a higher one is refused (DB_TOO_NEW).
import type { PgMigration } from './migration';
import { pgMigration0001 } from './0001-initial';
import { pgMigration0002 } from './0002-reference-data';
import { pgMigration0003 } from './0003-audit-subjects';
import { pgMigration0004 } from './0004-case-counts';
import { pgMigration0005 } from './0005-lean-write-indexes';
import { pgMigration0006 } from './0006-party-search-rowids-only';
import { pgMigration0007 } from './0007-party-search-national-id';
import { pgMigration0008 } from './0008-desk-day-one';
import { pgMigration0009 } from './0009-mutations-carry-their-origin';
import { pgMigration0010 } from './0010-server-sync';
import { pgMigration0011 } from './0011-server-auth';
import { pgMigration0012 } from './0012-desk-sync-state';
import { pgMigration0013 } from './0013-blobs';
import { pgMigration0014 } from './0014-number-blocks-of-devices';
import { pgMigration0015 } from './0015-push-outcomes-settled';
import { pgMigration0016 } from './0016-sync-versions-and-resync';
import { pgMigration0017 } from './0017-case-counts-per-statement';
import { pgMigration0018 } from './0018-documents';
import { pgMigration0019 } from './0019-search-across-scripts';
import { pgMigration0020 } from './0020-page-search';
import { pgMigration0021 } from './0021-judgment-signatures';
import { pgMigration0022 } from './0022-daily-registers';
import { pgMigration0023 } from './0023-misfiled-signs';
import { pgMigration0025 } from './0025-document-files';
import { pgMigration0026 } from './0026-signature-extensions';
import { pgMigration0027 } from './0027-signature-extensions-synced';
import { pgMigration0028 } from './0028-ocr-language-reread';
import { pgMigration0029 } from './0029-document-signatures';
import { pgMigration0030 } from './0030-page-search-vocabulary';

export const PG_MIGRATIONS: readonly PgMigration[] = [
  pgMigration0001,
  pgMigration0002,
  pgMigration0003,
  pgMigration0004,
  pgMigration0005,
  pgMigration0006,
  pgMigration0007,
  pgMigration0008,
  pgMigration0009,
  pgMigration0010,
  pgMigration0011,
  pgMigration0012,
  pgMigration0013,
  pgMigration0014,
  pgMigration0015,
  pgMigration0016,
  pgMigration0017,
  pgMigration0018,
  pgMigration0019,
  pgMigration0020,
  pgMigration0021,
  pgMigration0022,
  pgMigration0023,
  pgMigration0025,
  pgMigration0026,
  pgMigration0027,
  pgMigration0028,
  pgMigration0029,
  pgMigration0030,
];
export const PG_LATEST_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/**
 * Tables only PostgreSQL has: the runner's record of applied migrations (the desk keeps
 * PRAGMA user_version) and the audit high-water mark (the desk's sqlite_sequence).
 */
export const POSTGRES_ONLY_TABLES: readonly string[] = ['schema_migrations', 'audit_high_water'];
