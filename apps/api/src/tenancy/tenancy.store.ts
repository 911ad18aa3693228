import type { SqlDatabase } from '@app/sql';
import { PrincipalCache } from './principal-cache.js';
import type { MemberRole, Principal } from './principal.js';

export interface MemberContact {
  email?: string;
  webhookUrl?: string;
  language?: 'de' | 'en';
  channel?: 'email' | 'webhook' | 'none';
}

export interface MunicipalityRow {
  id: string;
  name: string;
  slug: string;
  time_zone: string;
  created_at: string;
}

/**
 * The tenancy tables: municipalities, members and their token hashes, admin token hashes. Principals are
 * looked up through a short-lived cache, which every change here to members or admin tokens invalidates.
 */
export class TenancyStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly principals = new PrincipalCache(),
  ) {}

  async insertMunicipality(row: MunicipalityRow): Promise<boolean> {
    const changed = await this.db.execute(
      `INSERT INTO municipalities (id, name, slug, time_zone, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [row.id, row.name, row.slug, row.time_zone, row.created_at],
    );
    return changed === 1;
  }

  async deleteMunicipality(id: string): Promise<void> {
    await this.db.execute('DELETE FROM municipalities WHERE id = $1', [id]);
  }

  async deleteMember(id: string): Promise<void> {
    await this.db.execute('DELETE FROM members WHERE id = $1', [id]);
    this.principals.forgetMember(id);
  }

  async municipality(id: string): Promise<MunicipalityRow | undefined> {
    const [row] = await this.db.query<MunicipalityRow>('SELECT * FROM municipalities WHERE id = $1', [id]);
    return row;
  }

  async insertMember(
    member: {
      id: string;
      municipalityId: string;
      displayName: string;
      role: MemberRole;
      tokenHash: string;
      createdAt: string;
    } & MemberContact,
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO members (id, municipality_id, display_name, role, token_hash, created_at, email, webhook_url, language, channel)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        member.id,
        member.municipalityId,
        member.displayName,
        member.role,
        member.tokenHash,
        member.createdAt,
        member.email ?? null,
        member.webhookUrl ?? null,
        member.language ?? 'de',
        member.channel ?? 'email',
      ],
    );
  }

  /** Changes only the fields given. */
  async updateContact(memberId: string, contact: MemberContact): Promise<void> {
    const fields = {
      email: contact.email,
      webhook_url: contact.webhookUrl,
      language: contact.language,
      channel: contact.channel,
    };
    const set = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (set.length === 0) return;
    await this.db.execute(
      `UPDATE members SET ${set.map(([k], i) => `${k} = $${i + 1}`).join(', ')} WHERE id = $${set.length + 1}`,
      [...set.map(([, v]) => v), memberId],
    );
  }

  async contact(memberId: string) {
    const [row] = await this.db.query<{
      email: string | null;
      webhook_url: string | null;
      language: string;
      channel: string;
    }>('SELECT email, webhook_url, language, channel FROM members WHERE id = $1', [memberId]);
    return row
      ? { email: row.email, webhookUrl: row.webhook_url, language: row.language, channel: row.channel }
      : undefined;
  }

  async revokeMember(municipalityId: string, memberId: string, at: string): Promise<boolean> {
    const changed = await this.db.execute(
      'UPDATE members SET revoked_at = $1 WHERE id = $2 AND municipality_id = $3 AND revoked_at IS NULL',
      [at, memberId, municipalityId],
    );
    this.principals.forgetMember(memberId);
    return changed === 1;
  }

  async members(municipalityId: string) {
    return this.db.query<{
      id: string;
      display_name: string;
      role: MemberRole;
      created_at: string;
      revoked_at: string | null;
    }>(
      'SELECT id, display_name, role, created_at, revoked_at FROM members WHERE municipality_id = $1 ORDER BY created_at, id',
      [municipalityId],
    );
  }

  async principalByTokenHash(tokenHash: string): Promise<Principal | undefined> {
    const known = this.principals.get(tokenHash);
    if (known) return known;
    const epoch = this.principals.epoch();
    const principal = await this.lookUpPrincipal(tokenHash);
    if (principal) this.principals.set(tokenHash, principal, epoch);
    return principal;
  }

  private async lookUpPrincipal(tokenHash: string): Promise<Principal | undefined> {
    const [admin] = await this.db.query('SELECT 1 AS found FROM admin_tokens WHERE token_hash = $1', [
      tokenHash,
    ]);
    if (admin) return { kind: 'admin', id: 'admin', role: 'admin' };
    const [member] = await this.db.query<{
      id: string;
      municipality_id: string;
      role: MemberRole;
      display_name: string;
    }>(
      'SELECT id, municipality_id, role, display_name FROM members WHERE token_hash = $1 AND revoked_at IS NULL',
      [tokenHash],
    );
    return member
      ? {
          kind: 'member',
          id: member.id,
          role: member.role,
          municipalityId: member.municipality_id,
          displayName: member.display_name,
        }
      : undefined;
  }

  async adminTokenCount(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM admin_tokens');
    return Number(row?.n ?? 0);
  }

  /** ADMIN_TOKEN replaces every earlier admin token, so rotating it is one restart. */
  async setAdminToken(tokenHash: string, source: 'env' | 'generated', at: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (source === 'env') await tx.execute('DELETE FROM admin_tokens WHERE token_hash <> $1', [tokenHash]);
      await tx.execute(
        'INSERT INTO admin_tokens (token_hash, source, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [tokenHash, source, at],
      );
    });
    this.principals.forgetAdmins();
  }
}
