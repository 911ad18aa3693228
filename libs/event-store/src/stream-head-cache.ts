import type { StreamHead } from './event-store.port.js';

/**
 * Heads of streams this process appended to, so that an append with a known expected revision needs no
 * read first. Only ever set from committed appends, so an entry may lag behind the store but never lead it.
 * Evicts the streams least recently appended to (a lookup does not count: every append ends in a set).
 */
export class StreamHeadCache {
  private readonly entries = new Map<string, StreamHead>();

  constructor(private readonly capacity: number) {}

  get(stream: string): StreamHead | undefined {
    return this.entries.get(stream);
  }

  set(stream: string, head: StreamHead): void {
    const known = this.entries.get(stream);
    if (known && known.revision > head.revision) return;
    // to the end: a Map iterates in insertion order, so the streams appended to longest ago go first
    this.entries.delete(stream);
    this.entries.set(stream, head);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(stream: string): void {
    this.entries.delete(stream);
  }
}
