import { html, type Html, type HtmlPart } from './html.js';
import type { WebContext } from './web-context.js';

export interface Crumb {
  href: string;
  label: string;
}

export interface PageOptions {
  title: string;
  body: HtmlPart;
  crumbs?: Crumb[];
  /** a short message above the page, e.g. after a saved form */
  notice?: string;
}

/** The one layout of every page: skip link, header with navigation and language switch, main, footer. */
export function layout(ctx: WebContext, { title, body, crumbs = [], notice }: PageOptions): Html {
  const { t, member } = ctx;
  const switchUrl = new URL(ctx.url);
  switchUrl.searchParams.set('lang', t.otherLanguageCode);
  const here = `${ctx.url.pathname}${ctx.url.search}`;
  return html`<!doctype html>
    <html lang="${ctx.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${t.appName}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/web.css" />
        <script src="/assets/web.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">${t.skipLink}</a>
        <header class="site-header">
          <a class="brand" href="/">${t.appName}</a>
          <nav aria-label="${t.mainNav}">
            <ul class="nav-list">
              ${member ? html`<li><a href="/m/${member.municipalityId}">${t.overview}</a></li>` : ''}
              <li>
                <a
                  href="${switchUrl.pathname}${switchUrl.search}"
                  hreflang="${t.otherLanguageCode}"
                  lang="${t.otherLanguageCode}"
                  >${t.otherLanguage}</a
                >
              </li>
              ${
                member
                  ? html`<li class="who">
                        ${t.signedInAs(member.displayName, t.role[member.role] ?? member.role)}
                      </li>
                      <li>
                        <form method="post" action="/sign-out" class="inline-form">
                          <input type="hidden" name="_csrf" value="${ctx.csrf}" />
                          <button type="submit" class="link-button">${t.signOut}</button>
                        </form>
                      </li>`
                  : html`<li><a href="/sign-in?next=${encodeURIComponent(here)}">${t.signIn}</a></li>`
              }
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1">
          ${
            crumbs.length > 0
              ? html`<nav aria-label="Breadcrumb" class="crumbs">
                  <ol>
                    ${crumbs.map((c) => html`<li><a href="${c.href}">${c.label}</a></li>`)}
                    <li aria-current="page">${title}</li>
                  </ol>
                </nav>`
              : ''
          }
          ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''} ${body}
        </main>
        <footer class="site-footer"><p>${t.footer}</p></footer>
      </body>
    </html>`;
}

/** The "saved" notice after a POST-redirect-GET. */
export function savedNotice(ctx: WebContext): string | undefined {
  return ctx.url.searchParams.get('saved') ? ctx.t.saved : undefined;
}
