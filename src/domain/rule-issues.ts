// The rules of one command checked together, so a person sees every broken rule at once instead
// of one refusal after another: each check that fails with a field is collected, and one
// RULE_VIOLATION names them all. A failure that is not about a field (not found, stale version)
// still stops the command at once. Collects only; it never writes.
import { AppError, type FieldIssue } from '../shared/errors';
import type { CommandWarning } from '../shared/schemas/commands';

export class RuleIssues {
  private readonly fields: FieldIssue[] = [];

  private collect(err: unknown): void {
    if (err instanceof AppError && err.code === 'RULE_VIOLATION' && err.fields?.length) this.fields.push(...err.fields);
    else throw err;
  }

  check(rule: () => void): void {
    try {
      rule();
    } catch (err) {
      this.collect(err);
    }
  }

  async checkAsync(rule: () => Promise<void>): Promise<void> {
    try {
      await rule();
    } catch (err) {
      this.collect(err);
    }
  }

  get empty(): boolean {
    return this.fields.length === 0;
  }

  /** One RULE_VIOLATION with every collected field; its own message when there is only one. */
  throwIfAny(): void {
    if (this.fields.length === 0) return;
    const first = this.fields[0]!;
    const single = this.fields.length === 1;
    throw new AppError('RULE_VIOLATION', single ? first.i18nKey : 'errors.validationFailed', {
      ...(single && first.params ? { params: first.params } : {}),
      fields: [...this.fields],
    });
  }
}

/** A warning the person must confirm, with what its message shows. */
export interface NeededConfirmation {
  warning: CommandWarning;
  params?: Record<string, string | number>;
}

/**
 * Refuses with CONFIRMATION_REQUIRED, listing each warning (`errors.confirm.<warning>`) at the
 * `confirmed` field, unless the command's arguments confirm every one of them.
 */
export function requireConfirmed(confirmed: readonly CommandWarning[] | undefined, needed: readonly NeededConfirmation[]): void {
  const missing = needed.filter((n) => !confirmed?.includes(n.warning));
  if (missing.length === 0) return;
  throw new AppError('CONFIRMATION_REQUIRED', 'errors.confirm.required', {
    fields: missing.map((m) => ({ path: ['confirmed'], i18nKey: `errors.confirm.${m.warning}`, ...(m.params ? { params: m.params } : {}) })),
  });
}
