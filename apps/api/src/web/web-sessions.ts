import { createHash, randomBytes } from 'node:crypto';
import type { Migration, SqlDatabase } from '@app/sql';
import type { MemberRole } from '../tenancy/principal.js';

/**
 * Browser sessions: the cookie holds a random id, the table only its SHA-256 hash (like member tokens), so a
 * copy of the database cannot be used to sign in. A session ends at sign-out, at expiry, or when its
 * member is revoked (the lookup joins the live members table).
 */
export const WEB_MIGRATIONS: Migration[] = [
  {
    id: '600-web-sessions',
    sql: `
CREATE TABLE IF NOT EXISTS web_sessions (
  session_hash TEXT PRIMARY KEY,
  member_id    TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS web_sessions_member ON web_sessions (member_id);
CREATE INDEX IF NOT EXISTS web_sessions_expiry ON web_sessions (expires_at)`,
  },
];

/** A working day and a half: long enough for a council meeting, short enough for a shared office PC. */
export const SESSION_HOURS = 12;

export interface WebMember {
  id: string;
  municipalityId: string;
  role: MemberRole;
  displayName: string;
}

export const hashSessionId = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');

export class WebSessionStore {
  constructor(private readonly db: SqlDatabase) {}

  /** A new session for the member; answers the id for the cookie (never stored). */
  async open(memberId: string, now = new Date()): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const expires = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await this.db.execute('DELETE FROM web_sessions WHERE expires_at <= $1', [now.toISOString()]);
    await this.db.execute(
      'INSERT INTO web_sessions (session_hash, member_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [hashSessionId(id), memberId, now.toISOString(), expires.toISOString()],
    );
    return id;
  }

  async member(sessionId: string, now = new Date()): Promise<WebMember | undefined> {
    const [row] = await this.db.query<{
      id: string;
      municipality_id: string;
      role: MemberRole;
      display_name: string;
    }>(
      `SELECT m.id, m.municipality_id, m.role, m.display_name
         FROM web_sessions s JOIN members m ON m.id = s.member_id
        WHERE s.session_hash = $1 AND s.expires_at > $2 AND m.revoked_at IS NULL`,
      [hashSessionId(sessionId), now.toISOString()],
    );
    return row
      ? { id: row.id, municipalityId: row.municipality_id, role: row.role, displayName: row.display_name }
      : undefined;
  }

  async close(sessionId: string): Promise<void> {
    await this.db.execute('DELETE FROM web_sessions WHERE session_hash = $1', [hashSessionId(sessionId)]);
  }
}
