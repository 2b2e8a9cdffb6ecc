// Fills a benchmark store with a court's worth of history (cases, parties, links, hearings) by
// raw batched INSERTs, filling the denormalized columns the way the domain commands do. The seed
// is the stage, not the play: it must never be used as a way to write in the app. Its audit rows
// have a realistic size but no valid chain, and it writes no outbox rows.
import type BetterSqlite3 from 'better-sqlite3';
import { formatCaseNumber } from '../../src/shared/case-number';
import { encodeHlc } from '../../src/shared/hlc';
import { ADJOURNMENT_REASONS, type CaseStatus, type PartyRole } from '../../src/shared/enums';
// The domain's own helpers for the denormalized columns, so the seeded rows match what commands write.
import { caseSearchText, summarizeParties } from '../../src/domain/case-derived';
import { partySearchText } from '../../src/domain/rules/party';
import { generateParty, makeRandom, type GeneratedParty, type Random } from './names';
import { msSince } from './stats';

export interface SeedContext {
  courtId: string;
  chambers: readonly { id: string; code: string }[];
  caseTypes: readonly { id: string; code: string }[];
  userId: string;
  deviceId: string;
  /** "Today" for the seeded history: hearings after it are still scheduled. */
  today: string;
}

export interface SeedCounts {
  cases: number;
  parties: number;
  hearings: number;
}

export interface SeedReport {
  ms: number;
  rows: { cases: number; parties: number; caseParties: number; hearings: number; numberBlocks: number; auditEntries: number };
  rowsPerSecond: number;
}

/** Reads the court, chambers, case types and first user that initializeWorkstation created. */
export function readSeedContext(raw: BetterSqlite3.Database, today: string, deviceId: string): SeedContext {
  const court = raw.prepare('SELECT id FROM courts LIMIT 1').get() as { id: string } | undefined;
  if (!court) throw new Error('seed: no court in the store (initializeWorkstation did not run?)');
  const chambers = raw.prepare('SELECT id, code FROM chambers WHERE court_id = ? ORDER BY code').all(court.id) as { id: string; code: string }[];
  const caseTypes = raw
    .prepare('SELECT id, code FROM case_types WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY code')
    .all(today, today) as { id: string; code: string }[];
  const user = raw.prepare('SELECT id FROM users WHERE court_id = ? ORDER BY created_at LIMIT 1').get(court.id) as { id: string } | undefined;
  if (chambers.length === 0 || caseTypes.length === 0 || !user) {
    throw new Error(`seed: store not initialized (chambers ${chambers.length}, case types ${caseTypes.length}, user ${!!user})`);
  }
  return { courtId: court.id, chambers, caseTypes, userId: user.id, deviceId, today };
}

/**
 * UUIDv7 like src/shared/ids.ts, but from the seeded PRNG: 800,000 ids through Web Crypto would
 * make the seed slower than everything it seeds, and the bench wants the same data every run.
 */
function makeSeedIds(r: Random) {
  const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
  const rand16 = () => Math.floor(r.next() * 0x10000);
  return (ms: number): string => {
    const t = hex(ms, 12);
    return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(rand16() & 0xfff, 3)}-${hex((rand16() & 0x3fff) | 0x8000, 4)}-${hex(rand16(), 4)}${hex(rand16(), 4)}${hex(rand16(), 4)}`;
  };
}

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Moroccan courts sit Monday to Friday. */
function nextWorkingDay(ms: number): number {
  let d = ms;
  for (;;) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) return d;
    d += DAY_MS;
  }
}

const SUBJECTS = [
  'أداء دين',
  'إفراغ محل تجاري',
  'تعويض عن حادثة سير',
  'نفقة',
  'طلاق للشقاق',
  'فسخ عقد كراء',
  'استرجاع مبالغ مالية',
  'Recouvrement de créance',
  'Expulsion pour défaut de paiement',
  'Responsabilité contractuelle',
  'Licenciement abusif',
  'Injonction de payer',
];
const TIMES = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '14:30', '15:00'];
const ROOMS = ['1', '2', '3', 'A', 'B', null];

interface CasePlan {
  filedMs: number;
  year: number;
  status: CaseStatus;
  hearings: number;
}

/** How old cases are spread: more recent years have more pending cases. */
function planCases(r: Random, n: number, todayMs: number): CasePlan[] {
  const startMs = Date.UTC(2016, 0, 4);
  const span = todayMs - startMs;
  const plans: CasePlan[] = [];
  for (let i = 0; i < n; i++) {
    // sqrt skews filings towards recent years (courts file more every year).
    const filedMs = nextWorkingDay(startMs + Math.floor(Math.sqrt(r.next()) * span / DAY_MS) * DAY_MS);
    const ageDays = (todayMs - filedMs) / DAY_MS;
    const x = r.next();
    let status: CaseStatus;
    if (ageDays > 900) status = x < 0.85 ? 'closed' : x < 0.95 ? 'judged' : 'in_hearing';
    else if (ageDays > 300) status = x < 0.4 ? 'closed' : x < 0.6 ? 'judged' : x < 0.7 ? 'deliberation' : 'in_hearing';
    else status = x < 0.05 ? 'closed' : x < 0.1 ? 'deliberation' : x < 0.7 ? 'in_hearing' : 'registered';
    plans.push({ filedMs: Math.min(filedMs, todayMs), year: new Date(filedMs).getUTCFullYear(), status, hearings: status === 'registered' ? 0 : r.int(1, 9) });
  }
  plans.sort((a, b) => a.filedMs - b.filedMs);
  return plans;
}

/** Adjusts hearing counts so they add up to exactly `target` (keeps the distribution's shape). */
function fitHearings(r: Random, plans: CasePlan[], target: number) {
  let sum = plans.reduce((s, p) => s + p.hearings, 0);
  const withHearings = plans.filter((p) => p.status !== 'registered');
  if (withHearings.length === 0) return;
  while (sum !== target) {
    const p = r.pick(withHearings);
    if (sum < target && p.hearings < 20) {
      p.hearings++;
      sum++;
    } else if (sum > target && p.hearings > 1) {
      p.hearings--;
      sum--;
    }
  }
}

export function seedStore(
  raw: BetterSqlite3.Database,
  ctx: SeedContext,
  counts: SeedCounts,
  progress: (msg: string) => void = () => {},
): SeedReport {
  const t0 = process.hrtime.bigint();
  const r = makeRandom(20261125);
  const newId = makeSeedIds(makeRandom(7));
  const todayMs = Date.parse(`${ctx.today}T00:00:00Z`);
  const plans = planCases(r, counts.cases, todayMs);
  fitHearings(r, plans, counts.hearings);

  const insertCase = raw.prepare(`INSERT INTO cases (id, court_id, chamber_id, case_type_id, type_code, year, serial, number, provisional,
      subject, status, filed_on, closed_on, closure_reason, closure_note, parties_summary, next_hearing_date, search_text, created_at, created_by, version, updated_hlc)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, 1, ?)`);
  const insertParty = raw.prepare(`INSERT INTO parties (id, court_id, kind, name_ar, name_latin, national_id, search_text, version, updated_hlc)
    VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`);
  const insertLink = raw.prepare(`INSERT INTO case_parties (id, case_id, party_id, role, lawyer_name, lawyer_bar_number, removed_at, removal_reason, version, updated_hlc)
    VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 1, ?)`);
  const insertHearing = raw.prepare(`INSERT INTO hearings (id, case_id, chamber_id, date, time, room, status, adjournment_reason, adjournment_note,
      next_hearing_id, outcome, outcome_note, version, updated_hlc)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, 1, ?)`);
  // One audit entry per case, the size registerCase writes (~2–3 kB): a desk's audit table is
  // never empty, and reads at start (newest HLC) must be measured against a real one. Not a chain.
  const insertAudit = raw.prepare(`INSERT INTO audit (device_id, hlc, wall_time, user_id, command, changes, prev_hash, hash)
    VALUES (?, ?, ?, ?, 'registerCase', ?, ?, ?)`);
  const insertSubject = raw.prepare('INSERT INTO audit_subjects (case_id, seq) VALUES (?, ?)');
  const insertBlock = raw.prepare(`INSERT INTO number_blocks (id, court_id, type_code, year, first_serial, last_serial, next_serial, source, granted_at)
    VALUES (?, ?, ?, ?, 1, ?, ?, 'bootstrap', ?)`);

  const serials = new Map<string, number>();
  // Parties are mostly new for each case, but some (companies, repeat litigants) appear in many.
  const parties: { id: string; p: GeneratedParty }[] = [];
  let partyCount = 0;
  let linkCount = 0;
  let hearingCount = 0;
  let auditCount = 0;
  const fakeHash = () => newId(0).replace(/-/g, '') + newId(0).replace(/-/g, '');
  const repeatShare = 0.1;
  // Enough links that nearly every party is on some case (~3.3 per case for 3 parties per case).
  const linksTarget = Math.round(counts.parties / (1 - repeatShare));

  const hlc = (ms: number) => encodeHlc({ wallMs: ms, counter: 0, node: ctx.deviceId });
  const newParty = (ms: number) => {
    const p = generateParty(r);
    const id = newId(ms);
    insertParty.run(id, ctx.courtId, p.kind, p.nameAr, p.nameLatin, p.nationalId, partySearchText(p.nameAr, p.nameLatin, p.nationalId), hlc(ms));
    partyCount++;
    const entry = { id, p };
    parties.push(entry);
    return entry;
  };

  const BATCH = 5_000;
  const writeBatch = raw.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const plan = plans[i]!;
      const ms = plan.filedMs + 9 * 3_600_000 + (i % 28_800) * 1000;
      const caseId = newId(ms);
      const type = r.pick(ctx.caseTypes);
      const chamber = r.pick(ctx.chambers);
      const key = `${type.code}/${plan.year}`;
      const serial = (serials.get(key) ?? 0) + 1;
      serials.set(key, serial);

      // Links: 2–4 per case, averaging the party target per case.
      const remainingCases = plans.length - i;
      const remainingLinks = linksTarget - linkCount;
      const avg = remainingLinks / remainingCases;
      const n = Math.max(1, Math.min(6, Math.round(avg + (r.next() - 0.5) * 2)));
      const links: { role: PartyRole; party: GeneratedParty; partyId: string }[] = [];
      const linkRows: unknown[][] = [];
      for (let k = 0; k < n; k++) {
        const fresh = partyCount < counts.parties && (parties.length < 1000 || !r.chance(repeatShare));
        const entry = fresh ? newParty(ms) : r.pick(parties);
        const role: PartyRole = k === 0 ? 'plaintiff' : k === 1 ? 'defendant' : r.pick(['defendant', 'plaintiff', 'intervener'] as const);
        const lawyer = r.chance(0.5) ? `ذ. ${generateParty(r).nameAr ?? 'محمد بناني'}` : null;
        linkRows.push([newId(ms + k), caseId, entry.id, role, lawyer, lawyer ? String(r.int(100, 9999)) : null, hlc(ms)]);
        links.push({ role, party: entry.p, partyId: entry.id });
        linkCount++;
      }

      // Hearings: a chain of adjournments ending held, cancelled or (if in the future) scheduled.
      let dMs = nextWorkingDay(plan.filedMs + r.int(15, 45) * DAY_MS);
      const rows: { id: string; date: string; status: string; reason: string | null; outcome: string | null }[] = [];
      for (let h = 0; h < plan.hearings; h++) {
        const last = h === plan.hearings - 1;
        const date = isoDate(dMs);
        let status: string;
        if (dMs >= todayMs && plan.status !== 'closed' && plan.status !== 'judged') status = last ? 'scheduled' : 'adjourned';
        else if (!last) status = 'adjourned';
        else status = plan.status === 'in_hearing' && dMs >= todayMs ? 'scheduled' : r.chance(0.9) ? 'held' : 'cancelled';
        rows.push({
          id: newId(ms + h + 1),
          date,
          status,
          reason: status === 'adjourned' ? r.pick(ADJOURNMENT_REASONS) : null,
          outcome: status === 'held' ? (plan.status === 'judged' || plan.status === 'closed' ? 'judgment_delivered' : 'debates_held') : null,
        });
        // A finished case's hearings all lie before today; a pending one's run on into the roll.
        const finished = plan.status === 'closed' || plan.status === 'judged';
        const room = Math.floor((todayMs - dMs) / DAY_MS / Math.max(1, plan.hearings - h));
        dMs = nextWorkingDay(dMs + (finished ? r.int(1, Math.max(1, Math.min(60, room))) : r.int(14, 60)) * DAY_MS);
      }
      const scheduled = rows.filter((h) => h.status === 'scheduled').map((h) => h.date).sort();
      const closedOn = plan.status === 'closed' ? isoDate(Math.min(todayMs, plan.filedMs + r.int(60, 700) * DAY_MS)) : null;
      const subject = r.pick(SUBJECTS);
      insertCase.run(
        caseId,
        ctx.courtId,
        chamber.id,
        type.id,
        type.code,
        plan.year,
        serial,
        formatCaseNumber({ kind: 'final', year: plan.year, typeCode: type.code, serial }),
        subject,
        plan.status,
        isoDate(plan.filedMs),
        closedOn,
        closedOn ? 'judgment_final' : null,
        summarizeParties(links.map((l) => ({ role: l.role, name_ar: l.party.nameAr, name_latin: l.party.nameLatin }))),
        scheduled[0] ?? null,
        caseSearchText(subject, linkRows.map((l) => l[4] as string | null)),
        new Date(ms).toISOString(),
        ctx.userId,
        hlc(ms),
      );
      for (const row of linkRows) insertLink.run(...row);
      const changes = [
        { after: { case_type_id: type.id, chamber_id: chamber.id, court_id: ctx.courtId, filed_on: isoDate(plan.filedMs), id: caseId, number: formatCaseNumber({ kind: 'final', year: plan.year, typeCode: type.code, serial }), serial, status: 'registered', type_code: type.code, version: 1, year: plan.year }, before: null, entity: 'case', id: caseId },
        ...links.flatMap((l, k) => [
          { after: { id: l.partyId, kind: l.party.kind, name_ar: l.party.nameAr, name_latin: l.party.nameLatin, national_id: l.party.nationalId, search_text: partySearchText(l.party.nameAr, l.party.nameLatin, l.party.nationalId), version: 1 }, before: null, entity: 'party', id: l.partyId },
          { after: { case_id: caseId, id: linkRows[k]![0], party_id: l.partyId, role: l.role, lawyer_name: linkRows[k]![4], version: 1 }, before: null, entity: 'case_party', id: linkRows[k]![0] },
        ]),
      ];
      const seq = insertAudit.run(ctx.deviceId, hlc(ms), new Date(ms).toISOString(), ctx.userId, JSON.stringify(changes), fakeHash(), fakeHash()).lastInsertRowid;
      insertSubject.run(caseId, seq);
      auditCount++;
      // Insert later hearings first so each adjourned one can point at the hearing that follows it.
      for (let h = rows.length - 1; h >= 0; h--) {
        const row = rows[h]!;
        const next = row.status === 'adjourned' ? (rows[h + 1]?.id ?? null) : null;
        const chamberId = r.chance(0.95) ? chamber.id : r.pick(ctx.chambers).id;
        insertHearing.run(row.id, caseId, chamberId, row.date, r.pick(TIMES), r.pick(ROOMS), row.status, row.reason, next, row.outcome, hlc(ms));
        hearingCount++;
      }
    }
  });

  for (let from = 0; from < plans.length; from += BATCH) {
    writeBatch(from, Math.min(plans.length, from + BATCH));
    if ((from / BATCH) % 4 === 0) progress(`seed: ${Math.min(plans.length, from + BATCH)} / ${plans.length} cases`);
  }
  // Parties nobody has linked yet (the target was not reached through links) still exist in a real registry.
  const fill = raw.transaction(() => {
    while (partyCount < counts.parties) newParty(todayMs);
  });
  fill();

  // Mark every serial already used as taken, as the blocks that issued them would have.
  let blocks = 0;
  raw.transaction(() => {
    for (const [key, last] of serials) {
      const [code, year] = key.split('/') as [string, string];
      insertBlock.run(newId(todayMs), ctx.courtId, code, Number(year), last, last + 1, new Date(todayMs).toISOString());
      blocks++;
    }
  })();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  // No ANALYZE here: a workstation's store has only the statistics the app itself gathers,
  // so the query plans measured are the plans a clerk gets.
  const ms = msSince(t0);
  const total = plans.length + partyCount + linkCount + hearingCount + blocks + 2 * auditCount;
  return {
    ms,
    rows: { cases: plans.length, parties: partyCount, caseParties: linkCount, hearings: hearingCount, numberBlocks: blocks, auditEntries: auditCount },
    rowsPerSecond: Math.round(total / (ms / 1000)),
  };
}
