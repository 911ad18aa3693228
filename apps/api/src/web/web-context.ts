import type { FastifyRequest } from 'fastify';
import type { Lang, Texts } from './i18n.js';
import type { Messages } from './messages-de.js';
import type { WebMember } from './web-sessions.js';

/** What every page needs to know about the request: language, who is signed in, the form token. */
export interface WebContext {
  lang: Lang;
  texts: Texts;
  t: Messages;
  member?: WebMember;
  /** the synchronizer token for this page's forms ('' where the page needs none) */
  csrf: string;
  /** the path and query of this page without `lang`, for the language switch and "come back after sign-in" */
  url: URL;
}

const contexts = new WeakMap<FastifyRequest, WebContext>();

/** Kept per request so that the error filter renders in the same language and layout. */
export function rememberContext(request: FastifyRequest, context: WebContext): WebContext {
  contexts.set(request, context);
  return context;
}

export function contextOf(request: FastifyRequest): WebContext | undefined {
  return contexts.get(request);
}
