import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, prefixed so that a leaked token is recognisable in logs and secret scanners. */
export function newToken(kind: 'member' | 'admin'): string {
  return `mpl_${kind === 'admin' ? 'a' : 'm'}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
