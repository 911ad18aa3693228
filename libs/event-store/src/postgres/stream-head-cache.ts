import type { StreamHead } from '../event-store.port.js';

/**
 * Heads of streams this process appended to, so that an append with a known expected revision needs no
 * read first. Only ever set from committed appends, so an entry may lag behind the store but never lead it.
 */
export class StreamHeadCache {
  private readonly entries = new Map<string, StreamHead>();

  constructor(private readonly capacity: number) {}

  get(stream: string): StreamHead | undefined {
    const head = this.entries.get(stream);
    if (head) {
      // refresh its place: a Map iterates in insertion order, so the oldest entries are evicted first
      this.entries.delete(stream);
      this.entries.set(stream, head);
    }
    return head;
  }

  set(stream: string, head: StreamHead): void {
    const known = this.entries.get(stream);
    if (known && known.revision > head.revision) return;
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
