// "Page text changed": the one hook a page's new text (a person's correction) is announced on, so
// what is derived from it follows — the misfiled check here, the search index (helper B's indexer,
// wired in app-service). Each listener runs in turn; one that fails is reported and the others still run.

export interface PageTextChange {
  documentId: string;
  /** 0-based. */
  pageIndex: number;
}

export type PageTextChangedHook = (change: PageTextChange) => Promise<void>;

/** Runs every hook on the change; returns the errors of those that failed (none thrown). */
export async function runPageTextChangedHooks(hooks: readonly PageTextChangedHook[], change: PageTextChange): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const hook of hooks) {
    try {
      await hook(change);
    } catch (err) {
      errors.push(err);
    }
  }
  return errors;
}
