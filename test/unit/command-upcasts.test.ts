// Bringing a mutation recorded under an older sync version up to this release's command input
// (ARCHITECTURE §4, version skew): unchanged commands pass as they are, a changed one is checked
// against its frozen older input and rewritten, and a version with no step is UPDATE_REQUIRED.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/shared/errors';
import { COMMAND_UPCASTS, upcastMutationArgs, type UpcastSteps } from '../../src/shared/schemas/command-upcasts';
import { SYNC_PROTOCOL_VERSION } from '../../src/shared/schemas/sync';

// A release 3 that renamed closeCase's `reason` to `closureReason` (an example, not a real change).
const steps: UpcastSteps = {
  1: {},
  2: {
    closeCase: {
      input: z.strictObject({ caseId: z.string(), baseVersion: z.number(), reason: z.string() }),
      upcast: (args) => {
        const { reason, ...rest } = args as { reason: string };
        return { ...rest, closureReason: reason };
      },
    },
  },
};

describe('upcastMutationArgs', () => {
  it('leaves every command as it is from version 1 to this release (2 changed no command input)', () => {
    expect(SYNC_PROTOCOL_VERSION).toBe(2);
    expect(COMMAND_UPCASTS[1]).toEqual({});
    const args = { caseId: 'c', baseVersion: 3, changes: { subject: 's' } };
    expect(upcastMutationArgs('updateCaseParticulars', args, 1)).toBe(args);
    expect(upcastMutationArgs('updateCaseParticulars', args, 2)).toBe(args);
  });

  it('rewrites a changed command step by step, and only that one', () => {
    expect(upcastMutationArgs('closeCase', { caseId: 'c', baseVersion: 1, reason: 'r' }, 1, steps, 3)).toEqual({ caseId: 'c', baseVersion: 1, closureReason: 'r' });
    expect(upcastMutationArgs('closeCase', { caseId: 'c', baseVersion: 1, reason: 'r' }, 2, steps, 3)).toEqual({ caseId: 'c', baseVersion: 1, closureReason: 'r' });
    expect(upcastMutationArgs('scheduleHearing', { caseId: 'c' }, 1, steps, 3)).toEqual({ caseId: 'c' });
  });

  it('leaves input that does not fit the frozen schema to the command, which refuses it with its own error', () => {
    const bad = { caseId: 'c', reason: 5 };
    expect(upcastMutationArgs('closeCase', bad, 2, steps, 3)).toBe(bad);
  });

  it('is UPDATE_REQUIRED for a version with no step, or newer than the target', () => {
    const gap: UpcastSteps = { 2: {} };
    for (const run of [() => upcastMutationArgs('closeCase', {}, 1, gap, 3), () => upcastMutationArgs('closeCase', {}, 4, steps, 3)]) {
      expect(run).toThrow(AppError);
      try {
        run();
      } catch (e) {
        expect(e).toMatchObject({ code: 'UPDATE_REQUIRED', i18nKey: 'errors.sync.updateRequired' });
      }
    }
  });
});
