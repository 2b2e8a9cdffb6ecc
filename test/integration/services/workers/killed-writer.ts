// A process that writes an SQLite file and is then killed with SIGKILL before it closes, so the
// file is left as a crash leaves it: a WAL never checkpointed, or a hot rollback journal. Run with
// `node --import tsx killed-writer.ts MODE FILE`; it prints "ready" and waits for the kill.
// Test support only: never imported by the app.
//   foreign-wal      another program's database in WAL mode, its rows only in the -wal
//   foreign-wal-later  the same once checkpointed (its schema in the main file), later rows in the -wal
//   foreign-journal  another program's database in the middle of a big UPDATE (hot -journal)
//   mahkama          a new Mahkama store set up through the real open + command, never checkpointed
//   mahkama-legacy   a Mahkama store made the way the earlier release did (WAL first, id in the WAL)
//   mahkama-first-page  a new store killed while its very first transaction spills into the file
import BetterSqlite3 from 'better-sqlite3';
import { runCommand } from '../../../../src/domain';
import { openDatabase } from '../../../../src/store/sqlite/open-database';
import { MIGRATIONS } from '../../../../src/store/sqlite/migrations';
import { HlcClock } from '../../../../src/shared/hlc';

const [mode, file] = process.argv.slice(2) as [string, string];

/** Holds the connection until the kill: a connection left to the garbage collector is closed, and closing checkpoints. */
const held: unknown[] = [];

function waitForKill(...connections: unknown[]): void {
  held.push(...connections);
  process.stdout.write('ready\n');
  setInterval(() => void held.length, 1000);
}

if (mode === 'foreign-wal') {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, total REAL)');
  const put = db.prepare('INSERT INTO invoices (customer, total) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 500; i++) put.run(`customer ${i}`, i * 1.5);
  })();
  waitForKill(db);
} else if (mode === 'foreign-wal-later') {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, total REAL); INSERT INTO invoices (customer, total) VALUES ('first', 1)");
  db.pragma('wal_checkpoint(TRUNCATE)');
  const put = db.prepare('INSERT INTO invoices (customer, total) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 500; i++) put.run(`customer ${i}`, i * 1.5);
  })();
  waitForKill(db);
} else if (mode === 'foreign-journal') {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = DELETE');
  db.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)');
  const put = db.prepare('INSERT INTO photos (caption) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 4000; i++) put.run(`holiday photo number ${i} `.repeat(4));
  })();
  // A cache of a few pages makes SQLite write changed pages into the file mid-transaction, after
  // saving the originals in the journal: killed now, the journal is hot.
  db.pragma('cache_size = 2');
  db.exec('BEGIN');
  db.exec("UPDATE photos SET caption = caption || ' (edited)'");
  waitForKill(db);
} else if (mode === 'mahkama') {
  const opened = await openDatabase(file);
  const deviceId = 'device-killed-1';
  await runCommand(opened.db, { deviceId, deviceTag: 'KILL01', courtId: '', clock: new HlcClock(deviceId), now: () => new Date(), numbering: 'standalone' }, null, 'initializeWorkstation', {
    court: { code: 'TPI-AGADIR', nameAr: 'المحكمة الابتدائية بأكادير', nameFr: "Tribunal de première instance d'Agadir" },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    user: { username: 'fatima.amrani', displayName: 'Fatima Amrani', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA' },
  });
  waitForKill(opened);
} else if (mode === 'mahkama-legacy') {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  // The earlier release (schema 7) as it wrote a new store: its migrations, the id set in the WAL only.
  for (const m of MIGRATIONS.filter((x) => x.version <= 7)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      if (m.version === 1) db.pragma('application_id = 1296780609');
    }).immediate();
  }
  waitForKill(db);
} else if (mode === 'mahkama-first-page') {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('cache_size = 2');
  db.exec('BEGIN');
  db.pragma('application_id = 1296780609');
  db.exec(MIGRATIONS[0]!.sql);
  waitForKill(db);
} else {
  throw new Error(`unknown mode ${mode}`);
}
