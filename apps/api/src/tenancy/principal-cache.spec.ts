import { describe, expect, it } from '@jest/globals';
import { PrincipalCache } from './principal-cache.js';
import type { Principal } from './principal.js';

const member = (id: string): Principal => ({
  kind: 'member',
  id,
  role: 'contributor',
  municipalityId: 'm-1',
  displayName: id,
});
const admin: Principal = { kind: 'admin', id: 'admin', role: 'admin' };

describe('PrincipalCache', () => {
  it('keeps a principal for its time to live only', () => {
    let now = 0;
    const cache = new PrincipalCache(5_000, 10, () => now);
    cache.set('hash-a', member('a'), cache.epoch());
    now = 4_999;
    expect(cache.get('hash-a')).toEqual(member('a'));
    now = 5_000;
    expect(cache.get('hash-a')).toBeUndefined();
  });

  it('forgets a revoked member at once, and only that member', () => {
    const cache = new PrincipalCache();
    cache.set('hash-a1', member('a'), cache.epoch());
    cache.set('hash-a2', member('a'), cache.epoch());
    cache.set('hash-b', member('b'), cache.epoch());
    cache.set('hash-admin', admin, cache.epoch());
    cache.forgetMember('a');
    expect([cache.get('hash-a1'), cache.get('hash-a2')]).toEqual([undefined, undefined]);
    expect(cache.get('hash-b')).toEqual(member('b'));
    cache.forgetAdmins();
    expect(cache.get('hash-admin')).toBeUndefined();
    expect(cache.get('hash-b')).toEqual(member('b'));
  });

  it('does not store a lookup that began before a revoke', () => {
    const cache = new PrincipalCache();
    const epoch = cache.epoch(); // the lookup starts and reads the member before the revoke commits
    cache.forgetMember('a');
    cache.set('hash-a', member('a'), epoch);
    expect(cache.get('hash-a')).toBeUndefined();
  });

  it('holds at most its capacity, dropping the oldest', () => {
    const cache = new PrincipalCache(5_000, 2);
    for (const id of ['a', 'b', 'c']) cache.set(`hash-${id}`, member(id), cache.epoch());
    expect(cache.get('hash-a')).toBeUndefined();
    expect(cache.get('hash-c')).toEqual(member('c'));
  });
});
