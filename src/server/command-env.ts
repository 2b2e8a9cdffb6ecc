// The environment the server's commands run in, per court (ARCHITECTURE §3, §4): the court journal
// (its chain and change log, behind the court's lock), the server's number authority, and one
// hybrid logical clock per process (its node id unique per process, so two instances' HLCs never
// tie). Pushed mutations (sync/routes.ts) and the server's own work (ltv/) record through it.
import { courtJournal, serverNumberAuthority, type CommandEnv } from '../domain';
import { HlcClock } from '../shared/hlc';
import { newId } from '../shared/ids';

/**
 * Mutations per write transaction: four times the desk's group. Measured with `npm run bench:sync`'s
 * registrations on PostgreSQL: 128 applied about 1.45 times as many per second as 32 (a lock, the
 * journal's writes and a COMMIT per transaction, spread over more mutations).
 */
export const SERVER_WRITE_GROUP_SIZE = 128;

export interface ServerEnvOptions {
  now?: () => Date;
  /** Write transactions at once: 1 on SQLite (one writer), several on PostgreSQL. */
  writeConcurrency?: number;
}

/** The court's environment, made once per court and kept: `envOf(courtId)`. */
export function serverCommandEnvs(opts: ServerEnvOptions = {}): (courtId: string) => CommandEnv {
  const now = opts.now ?? (() => new Date());
  const clock = new HlcClock(`server-${newId().slice(-12)}`, () => now().getTime());
  // One journal for every court: it keeps each court's head apart.
  const journal = courtJournal();
  const envs = new Map<string, CommandEnv>();
  return (courtId) => {
    let env = envs.get(courtId);
    if (!env) {
      env = {
        deviceId: 'server',
        deviceTag: 'SERVER',
        courtId,
        clock,
        now,
        numbering: 'server',
        journal,
        numbers: serverNumberAuthority,
        writeConcurrency: opts.writeConcurrency ?? 1,
        writeGroupSize: SERVER_WRITE_GROUP_SIZE,
      };
      envs.set(courtId, env);
    }
    return env;
  };
}
