import pg from 'pg';
import type { ChangeNotifier } from '../change-notifier.js';

/**
 * One LISTEN connection per store, opened on the first subscription. It reconnects by itself after a
 * drop; subscribers also poll, so a notification lost during a reconnect delays them, never skips.
 */
export class PostgresListener {
  private client?: pg.Client;
  private stopped = false;
  private starting?: Promise<void>;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly notifier: ChangeNotifier,
  ) {}

  ensureStarted(): void {
    if (this.stopped || this.client || this.starting) return;
    this.starting = this.connect().finally(() => (this.starting = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000 });
    client.on('notification', () => this.notifier.notify());
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      this.notifier.notify(); // anything written while we were away is picked up now
    } catch {
      await client.end().catch(() => undefined);
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: pg.Client): void {
    if (this.client === client) this.client = undefined;
    if (this.stopped) return;
    setTimeout(() => this.ensureStarted(), 1000).unref();
  }
}
