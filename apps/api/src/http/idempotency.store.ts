import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { SqlDatabase } from '@app/sql';

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/** A claim older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_AFTER_MS = 60_000;

export class IdempotencyStore {
  constructor(private readonly db: SqlDatabase) {}

  static fingerprint(method: string, url: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${url.split('?')[0]}\n${canonicalize(body ?? null) ?? ''}`)
      .digest('hex');
  }

  async claim(principalId: string, key: string, fingerprint: string): Promise<Claim> {
    const now = new Date();
    const inserted = await this.db.execute(
      `INSERT INTO idempotency_keys (principal_id, key, fingerprint, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [principalId, key, fingerprint, now.toISOString()],
    );
    if (inserted === 1) return { kind: 'claimed' };
    const [row] = await this.db.query<{
      fingerprint: string;
      status: number | null;
      response: string | null;
      created_at: string;
    }>(
      'SELECT fingerprint, status, response, created_at FROM idempotency_keys WHERE principal_id = $1 AND key = $2',
      [principalId, key],
    );
    if (!row) return this.claim(principalId, key, fingerprint);
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.status !== null && row.response !== null) {
      return { kind: 'replay', status: Number(row.status), body: JSON.parse(row.response) as unknown };
    }
    if (now.getTime() - Date.parse(row.created_at) < ABANDONED_AFTER_MS) return { kind: 'in_progress' };
    const taken = await this.db.execute(
      'UPDATE idempotency_keys SET created_at = $1 WHERE principal_id = $2 AND key = $3 AND created_at = $4 AND status IS NULL',
      [now.toISOString(), principalId, key, row.created_at],
    );
    return taken === 1 ? { kind: 'claimed' } : { kind: 'in_progress' };
  }

  async complete(principalId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.execute(
      'UPDATE idempotency_keys SET status = $1, response = $2 WHERE principal_id = $3 AND key = $4',
      [status, JSON.stringify(body), principalId, key],
    );
  }

  async release(principalId: string, key: string): Promise<void> {
    await this.db.execute(
      'DELETE FROM idempotency_keys WHERE principal_id = $1 AND key = $2 AND status IS NULL',
      [principalId, key],
    );
  }
}
