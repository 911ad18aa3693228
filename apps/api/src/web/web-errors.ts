import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from './html.js';
import { textsFor } from './i18n.js';
import { layout } from './layout.js';
import { contextOf, type WebContext } from './web-context.js';

/** Why a page is refused: unknown (or another municipality's), not allowed for the role, or sign-in first. */
export class WebRefusal extends Error {
  constructor(readonly kind: 'not_found' | 'forbidden' | 'sign_in') {
    super(kind);
  }
}

export const notFound = () => new WebRefusal('not_found');
export const forbidden = () => new WebRefusal('forbidden');
export const signInFirst = () => new WebRefusal('sign_in');

/**
 * Errors of the web pages as HTML pages in the page's language (the API's ProblemFilter answers JSON):
 * 404 and 403 as pages, "sign in first" as a redirect to the sign-in page that comes back afterwards.
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const ctx = contextOf(request) ?? fallbackContext(request);
    const status = error instanceof WebRefusal ? REFUSAL_STATUS[error.kind] : statusOf(error);
    if (status === 401) {
      const back = `${ctx.url.pathname}${ctx.url.search}`;
      void reply.redirect(`/sign-in?next=${encodeURIComponent(back)}`, 303);
      return;
    }
    const { t } = ctx;
    const [title, text] =
      status === 404
        ? [t.notFoundTitle, t.notFoundText]
        : status === 403
          ? [t.forbiddenTitle, t.forbiddenText(t.role[ctx.member?.role ?? ''] ?? '–')]
          : [t.errorTitle, status >= 500 ? t.errorText : t.requestRefused(status)];
    if (status >= 500) this.logger.error({ err: error, correlationId: request.id }, 'web page failed');
    const home = ctx.member ? `/m/${ctx.member.municipalityId}` : '/';
    const body = html`<h1>${title}</h1>
      <p>${text}</p>
      <p><a href="${home}">${t.toOverview}</a></p>`;
    void reply
      .status(status)
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(layout(ctx, { title, body }).value);
  }
}

const REFUSAL_STATUS = { not_found: 404, forbidden: 403, sign_in: 401 } as const;

/** Errors of the framework and of the API's services keep their status (a 429 stays a 429). */
function statusOf(error: unknown): number {
  const status =
    error instanceof HttpException ? error.getStatus() : (error as { statusCode?: number }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 && status !== 401 ? status : 500;
}

function fallbackContext(request: FastifyRequest): WebContext {
  const texts = textsFor('de');
  return { lang: 'de', texts, t: texts.t, csrf: '', url: new URL(request.url, 'http://web.invalid') };
}
