import type { SqlExecutor } from '@app/sql';

export interface MemberContact {
  memberId: string;
  role: string;
  language: 'de' | 'en';
  channel: 'email' | 'webhook' | 'none';
  email?: string;
  webhookUrl?: string;
}

/** The plan's coordinators and, where given, the member responsible for the subject; never a revoked member. */
export async function recipientsFor(
  db: SqlExecutor,
  municipalityId: string,
  responsibleMemberId?: string,
): Promise<MemberContact[]> {
  const rows = await db.query<{
    id: string;
    role: string;
    language: string;
    channel: string;
    email: string | null;
    webhook_url: string | null;
  }>(
    `SELECT id, role, language, channel, email, webhook_url FROM members
      WHERE municipality_id = $1 AND revoked_at IS NULL AND (role = 'coordinator' OR id = $2)
      ORDER BY created_at, id`,
    [municipalityId, responsibleMemberId ?? ''],
  );
  return rows.map((r) => ({
    memberId: r.id,
    role: r.role,
    language: r.language === 'en' ? 'en' : 'de',
    channel: r.channel === 'webhook' ? 'webhook' : r.channel === 'none' ? 'none' : 'email',
    ...(r.email ? { email: r.email } : {}),
    ...(r.webhook_url ? { webhookUrl: r.webhook_url } : {}),
  }));
}
