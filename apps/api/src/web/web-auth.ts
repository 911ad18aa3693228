import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { APP_CONFIG } from '@app/ops';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenancyStore } from '../tenancy/tenancy.store.js';
import { hashToken } from '../tenancy/tokens.js';
import { isLang, textsFor, type Lang } from './i18n.js';
import { rememberContext, type WebContext } from './web-context.js';
import { WebSessionStore, SESSION_HOURS } from './web-sessions.js';

const SESSION_COOKIE = 'mpl_session';
const PRE_SESSION_COOKIE = 'mpl_pre';
const LANG_COOKIE = 'mpl_lang';

/**
 * Sessions in cookies and CSRF tokens. The CSRF token is an HMAC keyed with the session id (or, before
 * sign-in, with a random pre-session cookie): a page of ours can carry it, another site can neither read nor
 * compute it. Written with node:crypto and the `cookie` package instead of @fastify/cookie and
 * @fastify/csrf-protection: those are CommonJS and require ESM-only packages, which Jest's module runtime
 * cannot load (see configure-http.ts), and the synchronizer token needs nothing more than this.
 */
@Injectable()
export class WebAuth {
  private readonly secure: boolean;

  constructor(
    @Inject(WebSessionStore) private readonly sessions: WebSessionStore,
    @Inject(TenancyStore) private readonly tenancy: TenancyStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secure = config.reminders.publicUrl.startsWith('https:');
  }

  async context(request: FastifyRequest, reply: FastifyReply): Promise<WebContext> {
    const cookies = parseCookie(request.headers.cookie ?? '');
    const url = new URL(request.url, 'http://web.invalid');
    const asked = url.searchParams.get('lang');
    let lang: Lang = isLang(cookies[LANG_COOKIE]) ? (cookies[LANG_COOKIE] as Lang) : 'de';
    if (isLang(asked)) {
      lang = asked;
      this.setCookie(reply, LANG_COOKIE, asked, 365 * 86_400);
    }
    url.searchParams.delete('lang');
    const sessionId = cookies[SESSION_COOKIE];
    const member = sessionId ? await this.sessions.member(sessionId) : undefined;
    const preId = cookies[PRE_SESSION_COOKIE];
    const csrf = member && sessionId ? tokenOf(sessionId) : preId ? tokenOf(preId) : '';
    const texts = textsFor(lang);
    return rememberContext(request, { lang, texts, t: texts.t, member, csrf, url });
  }

  /** The sign-in form's token: from the pre-session cookie, made now if the browser has none yet. */
  preSessionToken(request: FastifyRequest, reply: FastifyReply): string {
    const existing = parseCookie(request.headers.cookie ?? '')[PRE_SESSION_COOKIE];
    if (existing) return tokenOf(existing);
    const id = randomBytes(32).toString('base64url');
    this.setCookie(reply, PRE_SESSION_COOKIE, id, 3_600);
    return tokenOf(id);
  }

  /** A POST carries the token of the session it came from (of the pre-session, for sign-in). */
  csrfValid(request: FastifyRequest, given: unknown, of: 'session' | 'pre-session'): boolean {
    const cookies = parseCookie(request.headers.cookie ?? '');
    const key = of === 'session' ? cookies[SESSION_COOKIE] : cookies[PRE_SESSION_COOKIE];
    if (!key || typeof given !== 'string') return false;
    const expected = Buffer.from(tokenOf(key));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** Checks a member token; on success a fresh session replaces any earlier one of this browser. */
  async signIn(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
  ): Promise<{ outcome: 'ok'; municipalityId: string } | { outcome: 'unknown' | 'admin' }> {
    const principal = /^[A-Za-z0-9._~+/=-]{16,200}$/.test(token)
      ? await this.tenancy.principalByTokenHash(hashToken(token))
      : undefined;
    if (!principal) return { outcome: 'unknown' };
    if (principal.kind !== 'member') return { outcome: 'admin' };
    await this.closeSession(request);
    const id = await this.sessions.open(principal.id);
    this.setCookie(reply, SESSION_COOKIE, id, SESSION_HOURS * 3_600);
    this.setCookie(reply, PRE_SESSION_COOKIE, '', 0);
    return { outcome: 'ok', municipalityId: principal.municipalityId };
  }

  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    await this.closeSession(request);
    this.setCookie(reply, SESSION_COOKIE, '', 0);
  }

  private async closeSession(request: FastifyRequest): Promise<void> {
    const id = parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE];
    if (id) await this.sessions.close(id);
  }

  private setCookie(reply: FastifyReply, name: string, value: string, maxAge: number): void {
    const cookie = stringifySetCookie({
      name,
      value,
      maxAge,
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
    });
    void reply.header('set-cookie', cookie);
  }
}

function tokenOf(key: string): string {
  return createHmac('sha256', key).update('masterplan-ledger:csrf').digest('base64url');
}
