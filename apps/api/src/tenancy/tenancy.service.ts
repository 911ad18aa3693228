import { randomUUID } from 'node:crypto';
import type { EventStore, EventMetadata } from '@app/event-store';
import { ProblemException } from '../http/problem.js';
import type { MemberRole } from './principal.js';
import type { MemberContact, TenancyStore } from './tenancy.store.js';
import { hashToken, newToken } from './tokens.js';

export const municipalityStream = (id: string) => `municipality-${id}`;

/**
 * Municipalities and members. The registry rows (with names and token hashes) are the source for
 * authentication; each change is also recorded as an event without personal data, for the audit trail.
 * A failed append undoes the row, so nothing is half-registered.
 */
export class TenancyService {
  constructor(
    private readonly tenancy: TenancyStore,
    private readonly store: EventStore,
  ) {}

  async registerMunicipality(
    input: { name: string; slug: string; timeZone?: string },
    metadata: EventMetadata,
  ): Promise<{ id: string; revision: bigint; position: bigint }> {
    const id = randomUUID();
    const now = new Date().toISOString();
    const row = {
      id,
      name: input.name,
      slug: input.slug,
      time_zone: input.timeZone ?? 'Europe/Berlin',
      created_at: now,
    };
    if (!(await this.tenancy.insertMunicipality(row))) {
      throw new ProblemException(
        409,
        'slug_taken',
        `a municipality with slug "${input.slug}" exists already`,
        [{ field: 'slug', code: 'slug_taken', message: 'choose another slug' }],
      );
    }
    const data = { municipalityId: id, name: row.name, slug: row.slug, timeZone: row.time_zone };
    const event = { type: 'MunicipalityRegistered', data, metadata: { ...metadata, municipalityId: id } };
    const result = await this.store
      .append(municipalityStream(id), [event], { expectedRevision: 'no_stream' })
      .catch(async (error: unknown) => {
        await this.tenancy.deleteMunicipality(id);
        throw error;
      });
    return { id, revision: result.nextRevision, position: result.position };
  }

  async addMember(
    municipalityId: string,
    input: { displayName: string; role: MemberRole } & MemberContact,
    metadata: EventMetadata,
  ): Promise<{ memberId: string; token: string; revision: bigint; position: bigint }> {
    const memberId = randomUUID();
    const token = newToken('member');
    await this.tenancy.insertMember({
      id: memberId,
      municipalityId,
      displayName: input.displayName,
      role: input.role,
      email: input.email,
      webhookUrl: input.webhookUrl,
      language: input.language,
      channel: input.channel,
      tokenHash: hashToken(token),
      createdAt: new Date().toISOString(),
    });
    const event = { type: 'MemberAdded', data: { municipalityId, memberId, role: input.role }, metadata };
    const result = await this.store
      .append(municipalityStream(municipalityId), [event], { expectedRevision: 'any' })
      .catch(async (error: unknown) => {
        await this.tenancy.deleteMember(memberId);
        throw error;
      });
    return { memberId, token, revision: result.nextRevision, position: result.position };
  }

  async revokeMember(municipalityId: string, memberId: string, metadata: EventMetadata) {
    if (!(await this.tenancy.revokeMember(municipalityId, memberId, new Date().toISOString()))) {
      throw new ProblemException(404, 'not_found', 'member not found or already revoked');
    }
    const event = { type: 'MemberRevoked', data: { municipalityId, memberId }, metadata };
    const result = await this.store.append(municipalityStream(municipalityId), [event], {
      expectedRevision: 'any',
    });
    return { revision: result.nextRevision, position: result.position };
  }
}
