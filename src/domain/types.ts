// The vocabulary of the one write path: who acts (Actor), where (CommandEnv), and what a command
// module is. Types only: nothing here touches the database.
import type { Role } from '../shared/enums';
import type { HlcClock } from '../shared/hlc';
import type { CommandArgs, CommandName, CommandResult } from '../shared/schemas/commands';
import type { GeneratedValues, IdKind, MutationOrigin } from '../shared/schemas/mutation';
import type { AuditChange } from '../shared/schemas/views';
import type { AuditHighWater } from './audit-chain';
import type { Tx } from './db-schema';

export type { GeneratedValues, IdKind, MutationOrigin };

/** The person a command runs for, as authenticated by the caller (session or server token). */
export interface Actor {
  userId: string;
  roles: Role[];
}

/**
 * Where a command's case number comes from (ARCHITECTURE §4). The desk's: its number blocks,
 * granting itself bootstrap blocks while standalone, provisional numbers once enrolled. A re-run
 * of a mutation: the number the device took, checked by the authority that granted it.
 */
export interface NumberAuthority {
  takeCaseNumber(trx: Tx, ctx: CommandContext, typeCode: string, year: number): Promise<TakenNumber>;
}

export interface TakenNumber {
  number: string;
  serial: number | null;
  provisional: boolean;
  changes: AuditChange[];
  /** The provisional number this final one replaces (a case registered offline, numbered on the server). */
  replacedProvisional?: string;
}

/** One command as the journal records it, after its rows were written in the same transaction. */
export interface JournalEntry {
  name: CommandName;
  /** What leaves the store for sync (the command's outboxArgs, else its arguments). */
  args: unknown;
  baseVersions: Record<string, number>;
  generated: GeneratedValues;
  hlc: string;
  /** When the command ran (on this device, or on the device it came from). */
  wallTime: string;
  /** When it was recorded here, when that differs from wallTime (a re-run mutation). */
  recordedAt: string | null;
  deviceId: string;
  courtId: string;
  /** A pushed mutation's id on its device (its outcome is recorded with it); null otherwise. */
  mutationId: number | null;
  /** What the command answered its caller. */
  result: unknown;
  /** The acting user; null for set-up, whose journal user is the user it created. */
  actorUserId: string | null;
  /**
   * The user the outbox row or the pushed mutation's record names: the actor, or the user set-up
   * created. Null only for an operator command that made no user (createChamber): the court
   * journal records it with no such row, and a desk never runs it.
   */
  journalUserId: string | null;
  changes: AuditChange[];
  caseIds: string[];
  /** The synced records the command wrote, as it left them (`CommandContext.written`). */
  written: ReadonlyMap<string, Record<string, unknown>>;
}

/**
 * Where the one write path records what a command did, inside its transaction (ARCHITECTURE §3).
 * The desk: an outbox row for sync and an entry of the device's audit chain. The server: its
 * change log and a chain per court. `begin` runs once per transaction, before its first command.
 */
export interface Journal {
  /**
   * `deferred`: the transaction runs its commands without savepoints and calls `finish` before
   * its COMMIT, so the journal may write everything it recorded at once then (a failure there
   * fails the whole attempt, which the runner then makes again with a savepoint per command).
   */
  begin(trx: Tx, opts: { deferred: boolean }): Promise<JournalTx>;
  /**
   * Makes the transaction the only writer of this court's records until it ends (a server with
   * several connections or instances: before drawing serials from a court-wide range). The desk
   * has one writer at a time anyway.
   */
  lockCourt?(trx: Tx, courtId: string): Promise<void>;
}
export interface JournalTx {
  /**
   * Called before each command runs, with the court it writes to: the server's journal takes that
   * court's lock here, first of all locks, so writers of one court (connections, instances) take
   * their locks in one order and never wait on each other in a circle.
   */
  beforeCommand(courtId: string): Promise<void>;
  record(entry: JournalEntry): Promise<void>;
  /** A savepoint around the next command: what `record` learnt is forgotten on `rollback`. */
  savepoint(): { rollback(): void };
  /** Writes what was deferred, just before the COMMIT. */
  finish(): Promise<void>;
}

/** Where a command runs: this device, this court, its clock and its numbering authority. */
export interface CommandEnv {
  deviceId: string;
  /** 4–8 of [A-Z0-9]; appears in provisional case numbers (`P-<deviceTag>-<n>`). */
  deviceTag: string;
  courtId: string;
  clock: HlcClock;
  now: () => Date;
  /**
   * 'standalone': a workstation not enrolled with a server is its court's numbering authority and
   * grants itself blocks. 'server': serials come only from server blocks; none left → provisional.
   */
  numbering: 'standalone' | 'server';
  /** Where case numbers come from; absent: the desk's blocks (`deskNumberAuthority`), by `numbering`. */
  numbers?: NumberAuthority;
  /** Where commands are recorded; absent: the desk's outbox and audit chain (`deskJournal`). */
  journal?: Journal;
  /**
   * How many write transactions may run at once on this store (default 1). SQLite has one writer;
   * PostgreSQL takes several, each command's rows guarded by their versions and the court's lock.
   */
  writeConcurrency?: number;
  /**
   * At most this many commands share one transaction (default `MAX_GROUP_SIZE`). The server takes
   * more: its callers are pushes of many mutations that wait for the whole push anyway, and each
   * transaction costs a lock, its journal's writes and a COMMIT.
   */
  writeGroupSize?: number;
  /**
   * The highest audit seq the store ever handed out, read once per transaction to refuse appending
   * after a chain whose end was cut off. Default: SQLite's AUTOINCREMENT record
   * (`sqliteAuditHighWater`); a store on another engine must pass its own.
   */
  auditHighWater?: AuditHighWater;
  /**
   * The store's last word on a command that ran, before it is recorded, inside its transaction:
   * throwing refuses it with nothing written (the server refuses a re-run mutation that would
   * overwrite a field someone else changed since its base).
   */
  beforeRecord?: (trx: Tx, ctx: CommandContext, out: CommandOutput<unknown>) => Promise<void> | void;
  /**
   * Awaited before a command is queued; throws to refuse the write (e.g. the workstation found its
   * file damaged). Absent: the store is writable.
   */
  beforeWrite?: () => Promise<void>;
}

/** What a command sees while it runs, inside the transaction. */
export interface CommandContext {
  env: CommandEnv;
  actor: Actor | null;
  /** One HLC for every row the command writes. */
  hlc: string;
  /**
   * When the command ran, ISO-8601 UTC, for created_at / removed_at / audit wall_time: env.now(),
   * or a re-run mutation's own time.
   */
  wallTime: string;
  /** The court's local calendar date and time (Africa/Casablanca) at wallTime: what rules judge by. */
  today: string;
  timeNow: string;
  /**
   * A new id of a kind: UUIDv7, strictly increasing within the process, recorded in `generated`;
   * for a re-run mutation, the next id the device drew for that kind (none left: the re-run
   * would create a record the device did not, `MUTATION_MISMATCH`).
   */
  newId(kind: IdKind): string;
  /**
   * An id for a record the store makes for itself, outside what the mutation carries (a desk's
   * bootstrap number block, the server's own pool): always fresh, never recorded or replayed.
   */
  newOwnId(): string;
  /** The re-run mutation, when this is one. */
  origin: MutationOrigin | null;
  /** What this run drew (filled as it goes), for the journal. */
  generated: GeneratedValues;
  /**
   * Each synced record this run wrote, by id, as it stands after its last write (filled by
   * `rows.ts`, the only writer of those tables): the journal records them without reading them back.
   */
  written: Map<string, Record<string, unknown>>;
}

export interface CommandOutput<R> {
  result: R;
  changes: AuditChange[];
  /** entity id → version the command was based on (the outbox's base_versions). */
  baseVersions: Record<string, number>;
  /** Cases this command concerns, for a case's audit timeline. */
  caseIds?: string[];
  /** Outbox user when there is no actor yet (initializeWorkstation: the user it created). */
  outboxUserId?: string;
}

export interface CommandDefinition<N extends CommandName> {
  name: N;
  execute(trx: Tx, ctx: CommandContext, args: CommandArgs<N>): Promise<CommandOutput<CommandResult<N>>>;
  /**
   * What the outbox carries for sync, when not the arguments themselves: a command whose arguments
   * hold a secret (a password hash) leaves it out, since nothing that leaves the desk may carry one.
   */
  outboxArgs?(args: CommandArgs<N>): unknown;
}
