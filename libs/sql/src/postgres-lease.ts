import pg from 'pg';

/**
 * "Exactly one process at a time" for the projection runner (and the reminder policy inside it) when several
 * replicas share PostgreSQL: a session-level advisory lock held on a connection of its own. When the holder
 * dies its connection ends, PostgreSQL releases the lock, and another replica's next try takes it over.
 */
export class PostgresLease {
  private client?: pg.Client;
  private held = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly connectionString: string,
    private readonly key: string,
    private readonly onChange: (held: boolean) => void,
    private readonly retryMs = 2_000,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  start(): void {
    this.stopped = false;
    void this.tryAcquire();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (this.held) this.setHeld(false);
    await client?.end().catch(() => undefined);
  }

  private async tryAcquire(): Promise<void> {
    if (this.stopped || this.held) return;
    try {
      if (!this.client) this.client = await this.connect();
      const { rows } = await this.client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
        [this.key],
      );
      if (rows[0]?.ok) this.setHeld(true);
    } catch {
      await this.drop();
    }
    if (!this.held && !this.stopped) this.timer = setTimeout(() => void this.tryAcquire(), this.retryMs);
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5_000 });
    client.on('error', () => void this.drop());
    client.on('end', () => void this.drop());
    await client.connect();
    return client;
  }

  /** The connection is gone, and the lock with it: stop working and try again later. */
  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (this.held) this.setHeld(false);
    await client?.end().catch(() => undefined);
    if (!this.stopped) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.tryAcquire(), this.retryMs);
    }
  }

  private setHeld(held: boolean): void {
    this.held = held;
    this.onChange(held);
  }
}
