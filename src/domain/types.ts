// The vocabulary of the one write path: who acts (Actor), where (CommandEnv), and what a command
// module is. Types only: nothing here touches the database.
import type { Role } from '../shared/enums';
import type { HlcClock } from '../shared/hlc';
import type { CommandArgs, CommandName, CommandResult } from '../shared/schemas/commands';
import type { AuditChange } from '../shared/schemas/views';
import type { AuditHighWater } from './audit-chain';
import type { Tx } from './db-schema';

/** The person a command runs for, as authenticated by the caller (session or server token). */
export interface Actor {
  userId: string;
  roles: Role[];
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
  /**
   * The highest audit seq the store ever handed out, read once per transaction to refuse appending
   * after a chain whose end was cut off. Default: SQLite's AUTOINCREMENT record
   * (`sqliteAuditHighWater`); a store on another engine must pass its own.
   */
  auditHighWater?: AuditHighWater;
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
  /** env.now() as ISO-8601 UTC, for created_at / removed_at / audit wall_time. */
  wallTime: string;
  /** The court's local calendar date and time (Africa/Casablanca) at env.now(). */
  today: string;
  timeNow: string;
  /** Ids in creation order (UUIDv7, strictly increasing within the process). */
  newId(): string;
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
