import type { Principal } from './principal.js';

/**
 * Who a token hash belongs to, remembered for a few seconds, so that a busy client's requests do not each
 * look their token up. Only known tokens are kept (a new member's token works at once everywhere). A revoke
 * in this process forgets the member at once; another api replica may still accept the revoked token until
 * its entry expires, at most `ttlMs` later.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; expiresAt: number }>();
  /** Bumped by every forget, so that a lookup that began before a revoke cannot store what it read. */
  private generation = 0;

  constructor(
    readonly ttlMs = 5_000,
    private readonly capacity = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get(tokenHash: string): Principal | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expiresAt > this.clock()) return entry.principal;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** Pass to `set` the `epoch()` taken before the lookup began. */
  epoch(): number {
    return this.generation;
  }

  set(tokenHash: string, principal: Principal, epoch: number): void {
    if (this.ttlMs <= 0 || epoch !== this.generation) return;
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { principal, expiresAt: this.clock() + this.ttlMs });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** After a member was revoked (or removed): none of their tokens may pass any more. */
  forgetMember(memberId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries)
      if (entry.principal.kind === 'member' && entry.principal.id === memberId) this.entries.delete(hash);
  }

  /** After the admin tokens changed. */
  forgetAdmins(): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.principal.kind === 'admin') this.entries.delete(hash);
  }
}
