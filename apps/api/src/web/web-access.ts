import { Inject, Injectable } from '@nestjs/common';
import type { MemberRole } from '../tenancy/principal.js';
import { TargetDirectory } from '../tenancy/target-directory.js';
import { TenancyStore } from '../tenancy/tenancy.store.js';
import { forbidden, notFound, signInFirst } from './web-errors.js';
import type { WebContext } from './web-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const READERS: readonly MemberRole[] = ['coordinator', 'contributor', 'auditor', 'viewer'];
export const AUDITORS: readonly MemberRole[] = ['coordinator', 'auditor'];
export const WORKERS: readonly MemberRole[] = ['coordinator', 'contributor'];
export const COORDINATORS: readonly MemberRole[] = ['coordinator'];

/**
 * The API's access rules for pages: the target's municipality is looked up first, so another municipality's
 * id looks exactly like an unknown one (404); then the role decides (403); without a session, sign in first.
 */
@Injectable()
export class WebAccess {
  constructor(
    @Inject(TargetDirectory) private readonly directory: TargetDirectory,
    @Inject(TenancyStore) private readonly tenancy: TenancyStore,
  ) {}

  /** The owning municipality, or 404. */
  async owner(kind: 'municipality' | 'plan' | 'measure' | 'meeting', id: string): Promise<string> {
    const owner = UUID.test(id) ? await this.directory.ownerOf(kind, id) : undefined;
    if (!owner) throw notFound();
    return owner;
  }

  /** The signed-in member may act on the target with one of `roles`; answers the owner. */
  async require(
    ctx: WebContext,
    kind: 'municipality' | 'plan' | 'measure' | 'meeting',
    id: string,
    roles: readonly MemberRole[],
  ): Promise<string> {
    const owner = await this.owner(kind, id);
    if (!ctx.member) throw signInFirst();
    if (ctx.member.municipalityId !== owner) throw notFound();
    if (!roles.includes(ctx.member.role)) throw forbidden();
    return owner;
  }

  isMemberOf(ctx: WebContext, municipalityId: string): boolean {
    return ctx.member?.municipalityId === municipalityId;
  }

  /** Member id → display name, for pages that signed-in members of the municipality see. */
  async names(municipalityId: string): Promise<Map<string, string>> {
    const members = await this.tenancy.members(municipalityId);
    return new Map(members.map((m) => [m.id, m.display_name]));
  }

  async municipalityName(municipalityId: string): Promise<string> {
    return (await this.tenancy.municipality(municipalityId))?.name ?? '';
  }

  async members(municipalityId: string) {
    return (await this.tenancy.members(municipalityId)).filter((m) => !m.revoked_at);
  }
}
