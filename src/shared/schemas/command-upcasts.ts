// From a command's input as an older release recorded it to this release's (ARCHITECTURE §4,
// version skew). A mutation waits in an outbox across an update, and a desk one release behind
// pushes its own: the server re-runs each with this release's command, so its arguments are first
// brought up one version at a time. A step lists only the commands whose input changed in that
// version, each with its input frozen as the older version defined it and the function that
// rewrites it; a command a step does not list kept its input. A version with no step cannot be
// served: the sender is told to update, and nothing is applied.
import type { z } from 'zod';
import { AppError } from '../errors';
import type { SyncedCommandName } from './commands';
import { OLDEST_SYNC_PROTOCOL, SYNC_PROTOCOL_VERSION } from './sync';

export interface CommandUpcast {
  /** The command's input as the older version defined it, frozen. */
  input: z.ZodType;
  /** That input, checked by `input`, as the next version's command takes it. */
  upcast(args: unknown): unknown;
}

/** Steps by the version they start from: step n takes version n's input to n + 1's. */
export type UpcastSteps = Readonly<Record<number, Partial<Record<SyncedCommandName, CommandUpcast>>>>;

/** Version 1 → 2 changed the protocol (versions carried, records asked for again), no command's input. */
export const COMMAND_UPCASTS: UpcastSteps = { 1: {} };

export function updateRequired(version: number, oldest: number = OLDEST_SYNC_PROTOCOL): AppError {
  return new AppError('UPDATE_REQUIRED', 'errors.sync.updateRequired', { params: { version, oldest, current: SYNC_PROTOCOL_VERSION } });
}

/**
 * A mutation's arguments recorded under `from`, as this release's command takes them. Arguments
 * that do not fit the frozen input of a step are left as they are: the command's re-run refuses
 * them with its own typed error, recorded as the mutation's outcome like any refusal.
 */
export function upcastMutationArgs(name: SyncedCommandName, args: unknown, from: number, steps: UpcastSteps = COMMAND_UPCASTS, to: number = SYNC_PROTOCOL_VERSION): unknown {
  if (from > to) throw updateRequired(from);
  let out = args;
  for (let v = from; v < to; v++) {
    const step = steps[v];
    if (!step) throw updateRequired(from);
    const change = step[name];
    if (!change) continue;
    const parsed = change.input.safeParse(out);
    if (!parsed.success) return out;
    out = change.upcast(parsed.data);
  }
  return out;
}
