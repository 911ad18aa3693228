/**
 * Wakes subscribers when new events may be there. A version counter closes the race between "read a page,
 * found nothing" and "start waiting": a change in between makes the wait return at once.
 */
export class ChangeNotifier {
  private version = 0;
  private waiters = new Set<() => void>();

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version += 1;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves on a change after `sinceVersion`, after `timeoutMs` (polling fallback) or on abort. */
  wait(sinceVersion: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.version !== sinceVersion || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}
