export const MEMBER_ROLES = ['coordinator', 'contributor', 'auditor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type Role = 'admin' | MemberRole;

/** Who is calling: the platform admin, or a member of exactly one municipality with one role. */
export type Principal =
  | { kind: 'admin'; id: 'admin'; role: 'admin' }
  | { kind: 'member'; id: string; role: MemberRole; municipalityId: string; displayName: string };
