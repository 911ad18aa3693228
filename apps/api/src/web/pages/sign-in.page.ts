import { html, type Html } from '../html.js';
import { layout } from '../layout.js';
import type { WebContext } from '../web-context.js';

/** Sign-in with a member token; the token field is a password field so that it is not shown or kept. */
export function signInPage(
  ctx: WebContext,
  options: { csrf: string; next: string; error?: string; notice?: string },
): Html {
  const { t } = ctx;
  const body = html`<section class="narrow">
    <h1>${t.signInTitle}</h1>
    <p>${t.signInIntro}</p>
    ${options.error ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${options.error}</p></div>` : ''}
    <form method="post" action="/sign-in" class="form" novalidate>
      <input type="hidden" name="_csrf" value="${options.csrf}" />
      <input type="hidden" name="next" value="${options.next}" />
      <div class="field">
        <label for="token">${t.tokenLabel}</label>
        <p class="hint" id="token-hint">${t.tokenHint}</p>
        <input
          type="password"
          id="token"
          name="token"
          required
          autocomplete="off"
          spellcheck="false"
          aria-describedby="token-hint"
          ${options.error ? html` aria-invalid="true"` : ''}
        />
      </div>
      <button type="submit" class="button primary">${t.signIn}</button>
    </form>
    <p class="hint">${t.publicPlans}</p>
  </section>`;
  return layout(ctx, { title: t.signInTitle, body, notice: options.notice });
}
