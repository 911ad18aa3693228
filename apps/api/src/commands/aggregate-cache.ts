/** A folded state and the revision it stands at; `confirmedAt`: when a read or an append last showed it current. */
export interface CachedAggregate<S> {
  revision: bigint;
  state: S;
  confirmedAt: number;
}

/**
 * The last folded state of recently used streams. Events never change, so a cached state is always a true
 * past state; what it may be is behind, when another process appended since. Commands therefore decide on it
 * without a read and let the append's expected revision catch a stale entry (then they read and decide
 * again); facts taken from another stream, which no append checks, are trusted only for a short while after
 * they were last confirmed (see `confirmedAt`).
 */
export class AggregateCache {
  private readonly entries = new Map<string, CachedAggregate<unknown>>();

  constructor(
    private readonly capacity = 20_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get<S>(stream: string): CachedAggregate<S> | undefined {
    const entry = this.entries.get(stream);
    if (!entry) return undefined;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry as CachedAggregate<S>;
  }

  /** Records that `state` at `revision` was just read or written; an older revision never replaces a newer. */
  set(stream: string, revision: bigint, state: unknown): void {
    const known = this.entries.get(stream);
    if (known && known.revision > revision) return;
    this.entries.delete(stream);
    this.entries.set(stream, { revision, state, confirmedAt: this.clock() });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Whether the entry was confirmed within the last `maxAgeMs`. */
  isFresh(entry: CachedAggregate<unknown>, maxAgeMs: number): boolean {
    return this.clock() - entry.confirmedAt <= maxAgeMs;
  }
}
