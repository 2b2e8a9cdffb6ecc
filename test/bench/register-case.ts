// Measurement 2: registerCase throughput through the one write path (validation, number, parties,
// links, outbox, hash-chained audit) on the seeded store, beside a raw batched INSERT of exactly
// the rows those commands wrote. Throughput is measured with 16 callers at once (group commit);
// one caller alone, one transaction per command, is reported beside it with its latency, and so
// is the floor of that design (the raw INSERTs, one transaction per case). Writes only to the
// bench's own temporary store.
import type BetterSqlite3 from 'better-sqlite3';
import { formatCaseNumber } from '../../src/shared/case-number';
import { newId } from '../../src/shared/ids';
import type { CommandArgsInput, CommandResult } from '../../src/shared/schemas/commands';
import { generateParty, makeRandom, type Random } from './names';
import { measurement, progress, type Measurement } from './report';
import { profileStatements } from './sql-profile';
import { msSince, round, summarize } from './stats';
import type { SeedContext } from './seed';

export type RegisterCase = (input: CommandArgsInput<'registerCase'>) => Promise<CommandResult<'registerCase'>>;

const SUBJECTS = ['أداء دين تجاري', 'فسخ عقد كراء', 'Recouvrement de créance', 'Expulsion pour défaut de paiement', 'تعويض عن حادثة شغل'];

function newPartyInput(r: Random) {
  const p = generateParty(r);
  return {
    kind: p.kind,
    ...(p.nameAr ? { nameAr: p.nameAr } : {}),
    ...(p.nameLatin ? { nameLatin: p.nameLatin } : {}),
    ...(p.nationalId ? { nationalId: p.nationalId } : {}),
  };
}

/** What a clerk submits: a case with three new parties (one plaintiff with a lawyer, two defendants). */
function registrations(ctx: SeedContext, n: number): CommandArgsInput<'registerCase'>[] {
  const r = makeRandom(5);
  return Array.from({ length: n }, () => ({
    chamberId: r.pick(ctx.chambers).id,
    caseTypeId: r.pick(ctx.caseTypes).id,
    filedOn: ctx.today,
    subject: r.pick(SUBJECTS),
    parties: [
      { party: { newParty: newPartyInput(r) }, role: 'plaintiff' as const, lawyerName: 'ذ. عبد الله بناني', lawyerBarNumber: String(r.int(100, 9999)) },
      { party: { newParty: newPartyInput(r) }, role: 'defendant' as const },
      { party: { newParty: newPartyInput(r) }, role: 'defendant' as const },
    ],
  }));
}

type Row = Record<string, unknown>;

interface WrittenRows {
  cases: Row[];
  parties: Row[];
  case_parties: Row[];
  audit: Row[];
  audit_subjects: Row[];
  outbox: Row[];
}

/** Reads back every row the timed commands inserted (by case id, audit seq and outbox id ranges). */
function readWritten(raw: BetterSqlite3.Database, caseIds: readonly string[], seqFrom: number, mutationFrom: number): WrittenRows {
  raw.exec('CREATE TEMP TABLE IF NOT EXISTS bench_ids (id TEXT PRIMARY KEY)');
  raw.exec('DELETE FROM bench_ids');
  const put = raw.prepare('INSERT INTO bench_ids VALUES (?)');
  raw.transaction(() => caseIds.forEach((id) => put.run(id)))();
  const rows: WrittenRows = {
    cases: raw.prepare('SELECT * FROM cases WHERE id IN (SELECT id FROM bench_ids) ORDER BY id').all() as Row[],
    case_parties: raw.prepare('SELECT * FROM case_parties WHERE case_id IN (SELECT id FROM bench_ids) ORDER BY id').all() as Row[],
    parties: raw
      .prepare('SELECT p.* FROM parties p WHERE p.id IN (SELECT party_id FROM case_parties WHERE case_id IN (SELECT id FROM bench_ids)) ORDER BY p.id')
      .all() as Row[],
    audit: raw.prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq').all(seqFrom) as Row[],
    audit_subjects: raw.prepare('SELECT * FROM audit_subjects WHERE seq > ? ORDER BY seq').all(seqFrom) as Row[],
    outbox: raw.prepare('SELECT * FROM outbox WHERE mutation_id > ? ORDER BY mutation_id').all(mutationFrom) as Row[],
  };
  raw.exec('DROP TABLE bench_ids');
  return rows;
}

/** One registration's rows, renamed (new ids, serials moved far up) so they can be inserted again. */
interface Bundle {
  parties: unknown[][];
  case: unknown[];
  links: unknown[][];
  outbox: unknown[];
  audit: unknown[];
  subjectCaseIds: string[];
}

function bundles(w: WrittenRows, serialOffset: number) {
  const ids = new Map<string, string>();
  const remap = (id: unknown) => {
    const s = String(id);
    let n = ids.get(s);
    if (!n) ids.set(s, (n = newId()));
    return n;
  };
  const colsOf = (rows: Row[], omit: string[] = []) => Object.keys(rows[0] ?? {}).filter((c) => !omit.includes(c));
  const cols = {
    cases: colsOf(w.cases),
    parties: colsOf(w.parties),
    case_parties: colsOf(w.case_parties),
    outbox: colsOf(w.outbox, ['mutation_id']),
    audit: colsOf(w.audit, ['seq']),
  };
  const partyById = new Map(w.parties.map((p) => [String(p.id), p]));
  const linksByCase = new Map<string, Row[]>();
  for (const l of w.case_parties) linksByCase.set(String(l.case_id), [...(linksByCase.get(String(l.case_id)) ?? []), l]);
  const subjectsBySeq = new Map<number, string[]>();
  for (const s of w.audit_subjects) subjectsBySeq.set(Number(s.seq), [...(subjectsBySeq.get(Number(s.seq)) ?? []), String(s.case_id)]);
  const values = (row: Row, c: string[]) => c.map((k) => row[k]);

  // Commands ran one after another, so the i-th case, outbox row and audit entry belong together.
  const out: Bundle[] = w.cases.map((c, i) => {
    const serial = Number(c.serial) + serialOffset;
    const links = linksByCase.get(String(c.id)) ?? [];
    const audit = w.audit[i]!;
    return {
      parties: links.map((l) => {
        const p = partyById.get(String(l.party_id))!;
        return values({ ...p, id: remap(p.id) }, cols.parties);
      }),
      case: values(
        { ...c, id: remap(c.id), serial, number: formatCaseNumber({ kind: 'final', year: Number(c.year), typeCode: String(c.type_code), serial }) },
        cols.cases,
      ),
      links: links.map((l) => values({ ...l, id: remap(l.id), case_id: remap(l.case_id), party_id: remap(l.party_id) }, cols.case_parties)),
      outbox: values(w.outbox[i]!, cols.outbox),
      audit: values(audit, cols.audit),
      subjectCaseIds: (subjectsBySeq.get(Number(audit.seq)) ?? []).map(remap),
    };
  });
  return { bundles: out, cols };
}

/**
 * The floor: the same rows (new ids and serials so they do not collide) inserted with prepared
 * statements, nothing computed while the clock runs — all in one transaction (the issue's
 * baseline), or one transaction per registration (the floor of a one-transaction-per-command design).
 */
function rawInsert(
  raw: BetterSqlite3.Database,
  w: WrittenRows,
  mode: { serialOffset: number; perCase: boolean; autoCheckpoint?: number },
): { ms: number; rows: number } {
  const { bundles: bs, cols } = bundles(w, mode.serialOffset);
  const insertOf = (table: string, c: string[]) => raw.prepare(`INSERT INTO ${table} (${c.join(', ')}) VALUES (${c.map(() => '?').join(', ')})`);
  const st = {
    party: insertOf('parties', cols.parties),
    case: insertOf('cases', cols.cases),
    link: insertOf('case_parties', cols.case_parties),
    outbox: insertOf('outbox', cols.outbox),
    audit: insertOf('audit', cols.audit),
    subject: raw.prepare('INSERT INTO audit_subjects (case_id, seq) VALUES (?, ?)'),
  };
  const one = (b: Bundle) => {
    for (const p of b.parties) st.party.run(...p);
    st.case.run(...b.case);
    for (const l of b.links) st.link.run(...l);
    st.outbox.run(...b.outbox);
    const seq = st.audit.run(...b.audit).lastInsertRowid;
    for (const c of b.subjectCaseIds) st.subject.run(c, seq);
  };
  const previousCheckpoint = Number(raw.pragma('wal_autocheckpoint', { simple: true }));
  if (mode.autoCheckpoint !== undefined) raw.pragma(`wal_autocheckpoint = ${mode.autoCheckpoint}`);
  const t0 = process.hrtime.bigint();
  let ms = 0;
  try {
    if (mode.perCase) {
      const tx = raw.transaction(one);
      for (const b of bs) tx.immediate(b);
    } else {
      raw.transaction(() => bs.forEach(one)).immediate();
    }
  } finally {
    ms = msSince(t0);
    raw.pragma(`wal_autocheckpoint = ${previousCheckpoint}`);
  }
  // The deferred checkpoint still has to happen: do it untimed so the next run starts even.
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const rows = bs.reduce((n, b) => n + b.parties.length + 1 + b.links.length + 2 + b.subjectCaseIds.length, 0);
  return { ms, rows };
}

export async function measureRegisterCase(opts: {
  raw: BetterSqlite3.Database;
  ctx: SeedContext;
  register: RegisterCase;
  count?: number;
  warmup?: number;
}): Promise<Measurement> {
  const count = opts.count ?? 5000;
  const warmup = opts.warmup ?? 50;
  const inputs = registrations(opts.ctx, warmup + count);
  progress(`registerCase: ${warmup} warm-up then ${count} timed, one caller, 3 new parties each`);
  for (let i = 0; i < warmup; i++) await opts.register(inputs[i]!);

  const seqFrom = Number(opts.raw.prepare('SELECT coalesce(max(seq), 0) FROM audit').pluck().get());
  const mutationFrom = Number(opts.raw.prepare('SELECT coalesce(max(mutation_id), 0) FROM outbox').pluck().get());
  const latencies: number[] = [];
  const caseIds: string[] = [];
  let provisional = 0;
  const t0 = process.hrtime.bigint();
  for (let i = warmup; i < inputs.length; i++) {
    const t = process.hrtime.bigint();
    const res = await opts.register(inputs[i]!);
    latencies.push(msSince(t));
    caseIds.push(res.caseId);
    if (res.provisional) provisional++;
  }
  const totalMs = msSince(t0);
  const casesPerSecond = round(count / (totalMs / 1000), 1);

  const written = readWritten(opts.raw, caseIds, seqFrom, mutationFrom);
  if (written.cases.length !== count || written.outbox.length !== count || written.audit.length !== count) {
    throw new Error(`registerCase wrote ${written.cases.length} cases, ${written.outbox.length} outbox and ${written.audit.length} audit rows for ${count} commands`);
  }
  const rowsPerCase = (written.cases.length + written.parties.length + written.case_parties.length + written.audit.length + written.audit_subjects.length + written.outbox.length) / count;

  // Throughput: the same command with 16 callers at once (clerks on a server, a sync apply, a
  // bulk import), which is what throughput is for; the runner's group commit puts the waiting
  // commands in one transaction. Three passes, the median reported: this machine is shared.
  const callers = 16;
  const passes: { casesPerSecond: number; latency: ReturnType<typeof summarize> }[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const from = warmup + (pass + 1) * count;
    const concurrentInputs = registrations(opts.ctx, from + count).slice(from);
    progress(`registerCase: ${count} more with ${callers} callers at once (group commit), pass ${pass + 1} of 3`);
    const concurrentLatencies: number[] = [];
    let nextInput = 0;
    const tc = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (nextInput < concurrentInputs.length) {
          const input = concurrentInputs[nextInput++]!;
          const t = process.hrtime.bigint();
          await opts.register(input);
          concurrentLatencies.push(msSince(t));
        }
      }),
    );
    passes.push({ casesPerSecond: round(count / (msSince(tc) / 1000), 1), latency: summarize(concurrentLatencies) });
  }
  const median = [...passes].sort((a, b) => a.casesPerSecond - b.casesPerSecond)[1]!;

  progress('registerCase: raw batched INSERT of the same rows (baseline), then the same one transaction per case');
  const base = rawInsert(opts.raw, written, { serialOffset: 5_000_000, perCase: false });
  const baseCasesPerSecond = round(count / (base.ms / 1000), 1);
  const perCase = rawInsert(opts.raw, written, { serialOffset: 6_000_000, perCase: true });
  const perCaseNoCheckpoint = rawInsert(opts.raw, written, { serialOffset: 7_000_000, perCase: true, autoCheckpoint: 0 });
  // Untimed: where a registration's time goes, statement by statement (COMMIT included).
  const extra = registrations(opts.ctx, warmup + 4 * count + 200).slice(warmup + 4 * count);
  const slowestStatements = await profileStatements(
    opts.raw,
    async () => {
      for (const input of extra) await opts.register(input);
    },
    6,
  );
  const floor = (r: { ms: number; rows: number }) => ({ casesPerSecond: round(count / (r.ms / 1000), 1), rowsPerSecond: Math.round(r.rows / (r.ms / 1000)), ms: round(r.ms) });

  return measurement({
    name: 'registerCaseThroughput',
    description:
      `runCommand('registerCase') with 3 new parties each (validation, number block, parties, links, outbox, audit chain, audit subjects) ` +
      `on the seeded store, ${callers} callers at once so that waiting commands share a commit (group commit): median of 3 passes of ${count}. ` +
      'One caller alone is in details.oneCaller.',
    value: median.casesPerSecond,
    unit: 'cases/s',
    target: { metric: 'casesPerSecond', op: '>=', value: 2000, unit: 'cases/s' },
    baseline: {
      description: 'raw INSERT of the same rows (cases, parties, case_parties, outbox, audit, audit_subjects) with prepared better-sqlite3 statements in one transaction',
      value: baseCasesPerSecond,
      unit: 'cases/s',
      rowsPerSecond: Math.round(base.rows / (base.ms / 1000)),
      rows: base.rows,
      ms: round(base.ms),
      perCaseTransaction: {
        description: 'the same raw INSERTs, one BEGIN IMMEDIATE…COMMIT per case, store pragmas as opened (WAL, synchronous=NORMAL, wal_autocheckpoint as openDatabase sets it): the floor for one caller alone',
        ...floor(perCase),
      },
      perCaseTransactionCheckpointDeferred: {
        description: 'as perCaseTransaction with wal_autocheckpoint=0 (checkpoint after the run, untimed): what moving checkpoints off the write path buys',
        ...floor(perCaseNoCheckpoint),
      },
    },
    details: {
      count,
      callers,
      passes,
      latency: median.latency,
      rowsPerCase: round(rowsPerCase, 2),
      provisionalNumbers: provisional,
      oneCaller: {
        description: `${count} registrations one after another by a single caller: each is its own transaction and commit`,
        casesPerSecond,
        totalMs: round(totalMs),
        rowsPerSecond: Math.round((rowsPerCase * count) / (totalMs / 1000)),
        latency: summarize(latencies),
      },
      slowestStatements: {
        registrations: extra.length,
        msPerRegistration: round(slowestStatements.wallMs / extra.length),
        sqlMsPerRegistration: round(slowestStatements.sqlMs / extra.length),
        ...slowestStatements,
      },
    },
  });
}
