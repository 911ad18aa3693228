/**
 * The last folded state of recently used streams, so that loading a long stream (a measure with thousands
 * of progress reports) reads only the events after the cached revision. Events never change, so a cached
 * state is always a true past state; the append's expected revision guards against it being behind.
 */
export class AggregateCache {
  private readonly entries = new Map<string, { revision: bigint; state: unknown }>();

  constructor(private readonly capacity = 20_000) {}

  get<S>(stream: string): { revision: bigint; state: S } | undefined {
    const entry = this.entries.get(stream);
    if (!entry) return undefined;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry as { revision: bigint; state: S };
  }

  set(stream: string, revision: bigint, state: unknown): void {
    const known = this.entries.get(stream);
    if (known && known.revision > revision) return;
    this.entries.delete(stream);
    this.entries.set(stream, { revision, state });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
