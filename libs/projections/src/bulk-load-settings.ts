import type { SqlDatabase } from '@app/sql';

/**
 * The read-model connection's settings while the runner is far behind the head. On SQLite, each batch there
 * commits several MB back to back: `synchronous=NORMAL` spares an fsync per commit, a larger
 * `wal_autocheckpoint` (100,000 pages: a WAL of up to 400 MB) copies the WAL into the file less often and
 * pages written again between checkpoints only once (3 % faster rebuilds than 20,000 pages, measured in
 * alternating runs; 250,000 was slower: one huge checkpoint at the end), and a bigger page cache spills less. This is
 * safe because a batch's rows and its checkpoint commit in one transaction, and in WAL mode NORMAL keeps the
 * file consistent through a crash or a power loss: at worst the last commits are gone, i.e. some rebuild
 * progress, which the runner then redoes from the checkpoint it finds. Once caught up the normal settings
 * (FULL, 1,000 pages, 2 MB) are back, so that an acknowledged live batch is durable. The settings are the
 * connection's: where the runner shares it (no read-side thread), other writes on it meanwhile are durable
 * against a process crash but not against a power loss. PostgreSQL keeps its settings.
 */
export class BulkLoadSettings {
  private bulk = false;
  /** SQLite's default page cache, 2 MB */
  private cacheKb = 2_000;

  constructor(private readonly db: SqlDatabase) {}

  /** `fewWrites`: another connection writes the bulk of the rows (a BulkLane): no bigger page cache. */
  async use(farBehind: boolean, fewWrites = false): Promise<void> {
    if (this.db.dialect !== 'sqlite') return;
    const cacheKb = farBehind && !fewWrites ? 16_384 : 2_000;
    if (farBehind !== this.bulk) {
      this.bulk = farBehind;
      await this.db.execute(`PRAGMA synchronous = ${farBehind ? 'NORMAL' : 'FULL'}`);
      await this.db.execute(`PRAGMA wal_autocheckpoint = ${farBehind ? 100_000 : 1_000}`);
    }
    if (cacheKb === this.cacheKb) return;
    this.cacheKb = cacheKb;
    // a bigger page cache (16 MB instead of 2 MB) spills less of a batch's pages before its commit
    await this.db.execute(`PRAGMA cache_size = -${cacheKb}`);
  }
}
