// A small typed event emitter: what the document service tells whoever listens (the push channel
// to the renderer, tests). Listener errors are the listener's: they never stop a job.
export class TypedEvents<E extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof E, Set<(payload: never) => void>>();

  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof E>(event: K, payload: E[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (p: E[K]) => void)(payload);
      } catch {
        /* a listener's failure is not the job's */
      }
    }
  }
}
