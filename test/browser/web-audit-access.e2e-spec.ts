import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ApiClient, day } from '../../apps/cli/src/demo-client.js';
import { TEST_ADMIN_TOKEN } from '../support/api-app.js';
import { expectAccessible, openBrowser, screenshot, type Browser } from './support/browser.js';
import { planState, startDemoWorld, type DemoWorld, type Role } from './support/demo-world.js';

/** The page's window, as far as the tests use it (the tests' tsconfig has no DOM types). */
interface StyleWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

interface History {
  items: { position: number; type: string }[];
  nextCursor: string | null;
}

/**
 * Who may see and do what in the browser, the audit trail with its filters, paging, CSV export and integrity
 * check, signing out, and the pages' Content Security Policy in a browser that enforces it.
 */
describe('web access and audit trail in a real browser', () => {
  let world: DemoWorld;
  let browser: Browser;
  let page: Page;

  const planUrl = () => `${world.url}/plans/${world.planId}`;
  const history = (query: string) =>
    world.api('auditor').get<History>(`/api/plans/${world.planId}/history?limit=1000${query}`);
  const rowTypes = () =>
    page
      .locator('table.changes tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-type')));

  async function signIn(role: Role, token = world.tokens[role]) {
    await browser.context.clearCookies();
    await page.goto(`${world.url}/sign-in`);
    await page.getByLabel('Zugangsschlüssel').fill(token);
    await Promise.all([page.waitForURL(/\/m\//), page.getByRole('button', { name: 'Anmelden' }).click()]);
  }

  async function applyFilters() {
    await Promise.all([page.waitForURL(/\/audit\?/), page.getByRole('button', { name: 'Filtern' }).click()]);
  }

  beforeAll(async () => {
    world = await startDemoWorld('web-audit');
    browser = await openBrowser({ bypassCSP: true });
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('without a session, member pages ask to sign in first; unknown ids are not found', async () => {
    await page.goto(`${world.url}/m/${world.municipalityId}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/m/${world.municipalityId}`);
    const unknown = await page.goto(`${world.url}/plans/${randomUUID()}`);
    expect(unknown?.status()).toBe(404);
    await expect(page.locator('h1').innerText()).resolves.toBe('Nicht gefunden');
  });

  it('a viewer reads the dashboard, but may neither open nor post the progress form, nor the audit trail', async () => {
    await signIn('viewer');
    await page.goto(planUrl());
    await expect(page.getByRole('link', { name: /Fortschritt melden/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Prüfpfad' }).count()).resolves.toBe(0);
    const measure = (await planState(world)).measures.find((m) => m.status === 'started')!;

    const opened = await page.goto(`${world.url}/measures/${measure.measureId}/progress`);
    expect(opened?.status()).toBe(403);
    await expect(page.locator('h1').innerText()).resolves.toBe('Keine Berechtigung');
    await expectAccessible(page);
    await screenshot(page, '20-forbidden');

    // a hand-made POST with the viewer's own valid form token is refused too, and records nothing
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const posted = await page.request.post(`${world.url}/measures/${measure.measureId}/progress`, {
      form: { _csrf: csrf, percent: '99', note: 'nicht erlaubt' },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
    const after = (await planState(world)).measures.find((m) => m.measureId === measure.measureId)!;
    expect(after.progress).toBe(measure.progress);

    const audit = await page.goto(`${planUrl()}/audit`);
    expect(audit?.status()).toBe(403);
  });

  it('a form posted without the session’s token is refused', async () => {
    await signIn('contributor');
    const measure = (await planState(world)).measures.find((m) => m.status === 'started')!;
    const posted = await page.request.post(`${world.url}/measures/${measure.measureId}/progress`, {
      form: { _csrf: 'forged', percent: '99', note: 'ohne Token' },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
    expect(await posted.text()).toContain('Das Formular ist abgelaufen');
  });

  it('a member of another municipality finds no member page of this one', async () => {
    const admin = new ApiClient(world.url, TEST_ADMIN_TOKEN);
    const other = await admin.post('/api/municipalities', { name: 'Stadt Anderswo', slug: 'anderswo' });
    const stranger = await admin.post<{ token: string }>(`/api/municipalities/${other.id}/members`, {
      displayName: 'Koordination Anderswo',
      role: 'coordinator',
    });
    await signIn('coordinator', stranger.token);
    const goal = (await planState(world)).goals[0]!;
    expect((await page.goto(`${planUrl()}/goals/${goal.id}`))?.status()).toBe(404);
    expect((await page.goto(`${world.url}/m/${world.municipalityId}`))?.status()).toBe(404);
    expect((await page.goto(`${planUrl()}/audit`))?.status()).toBe(404);
    // the adopted plan's dashboard is public: shown, but without names and forms
    expect((await page.goto(planUrl()))?.status()).toBe(200);
    await expect(page.locator('.public-notice').count()).resolves.toBe(1);
  });

  it('the audit trail: integrity check, filters that narrow the list, paging and the CSV download', async () => {
    await signIn('auditor');
    await page.goto(planUrl());
    await page.getByRole('link', { name: 'Prüfpfad' }).click();
    const verify = await world
      .api('auditor')
      .get<{ ok: boolean; checkedEvents: number }>(`/api/plans/${world.planId}/verify`);
    await expect(page.locator('[data-integrity]').getAttribute('data-integrity')).resolves.toBe('ok');
    await expect(page.locator('.integrity').innerText()).resolves.toContain(
      `${verify.checkedEvents} Ereignisse`,
    );
    const all = await history('');
    expect(all.items.length).toBeGreaterThan(50);
    expect(await rowTypes()).toHaveLength(50);
    await expectAccessible(page);
    await screenshot(page, '21-audit');

    const firstPage = await page.locator('table.changes tbody tr td:first-child').allInnerTexts();
    await page.getByRole('link', { name: 'Nächste Seite' }).click();
    const secondPage = await page.locator('table.changes tbody tr td:first-child').allInnerTexts();
    expect(secondPage.map(Number)).toEqual(all.items.slice(50, 100).map((e) => e.position));
    expect(Number(secondPage[0])).toBeGreaterThan(Number(firstPage.at(-1)));

    await page.getByRole('link', { name: 'Filter zurücksetzen' }).click();
    await page.getByLabel('Ereignistyp').selectOption({ label: 'Fortschritt gemeldet' });
    await applyFilters();
    const progress = await history('&type=ProgressReported');
    expect(progress.items.length).toBeGreaterThan(0);
    expect(await rowTypes()).toEqual(progress.items.map(() => 'ProgressReported'));

    await page.getByLabel('Wer').selectOption({ label: 'Integrationsbeauftragte (Demo)' });
    await applyFilters();
    expect(await rowTypes()).toHaveLength(0); // the coordinator reported no progress in the demo
    await expect(page.locator('main').innerText()).resolves.toContain('Keine Einträge für diese Filter.');

    await page.getByLabel('Wer').selectOption({ label: 'Verein Miteinander e. V. (Demo)' });
    await applyFilters();
    const byContributor = await history(`&type=ProgressReported&actor=${world.memberIds.contributor}`);
    expect(await rowTypes()).toHaveLength(byContributor.items.length);

    // the same CSV as the API's export for the same filters
    const href = await page.getByRole('link', { name: 'Als CSV herunterladen' }).getAttribute('href');
    const csv = await page.request.get(`${world.url}${href}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const apiCsv = await fetch(
      `${world.url}/api/plans/${world.planId}/history?type=ProgressReported&actor=${world.memberIds.contributor}&format=csv`,
      { headers: { Authorization: `Bearer ${world.tokens.auditor}` } },
    );
    // byte for byte, with the BOM that spreadsheets need for umlauts
    expect((await csv.body()).equals(Buffer.from(await apiCsv.arrayBuffer()))).toBe(true);
    expect((await csv.text()).split('\r\n').filter(Boolean)).toHaveLength(byContributor.items.length + 1);

    await page.getByLabel('Ereignistyp').selectOption({ label: 'alle' });
    await page.getByLabel('Wer').selectOption({ label: 'alle' });
    await page.getByLabel('Von').fill(day(1));
    await applyFilters();
    expect(await rowTypes()).toHaveLength(0);
    await page.getByLabel('Von').fill(day(-1));
    await page.getByLabel('Bis').fill(day(1));
    await applyFilters();
    expect(await rowTypes()).toHaveLength(50);
  });

  it('signing out ends the session on the server', async () => {
    await signIn('coordinator');
    const session = (await browser.context.cookies()).find((c) => c.name === 'mpl_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await Promise.all([
      page.waitForURL(/signed-out/),
      page.getByRole('button', { name: 'Abmelden' }).click(),
    ]);
    await expect(page.getByRole('status').innerText()).resolves.toBe('Sie sind abgemeldet.');
    await browser.context.addCookies([session]);
    await page.goto(`${world.url}/m/${world.municipalityId}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('a changed event is found by the integrity check on the audit page', async () => {
    await world.app.rawEventSql(
      `UPDATE events SET data = replace(data, 'Zwei von fünf', 'Fünf von fünf') WHERE type = 'ProgressReported'`,
      [],
    );
    await signIn('auditor');
    await page.goto(`${planUrl()}/audit`);
    await expect(page.locator('[data-integrity]').getAttribute('data-integrity')).resolves.toBe('broken');
    await expect(page.locator('.integrity').innerText()).resolves.toContain('Die Historie wurde verändert!');
  });

  it('the pages keep their Content Security Policy: nothing inline, nothing from elsewhere', async () => {
    const strict = await openBrowser();
    try {
      const problems: string[] = [];
      strict.page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      strict.page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));
      const requests: string[] = [];
      strict.page.on('request', (r) => requests.push(r.url()));
      for (const path of [`/plans/${world.planId}`, '/sign-in']) {
        const response = await strict.page.goto(`${world.url}${path}`);
        expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      }
      expect(problems).toEqual([]);
      expect(requests.filter((url) => !url.startsWith(world.url) && !url.startsWith('data:'))).toEqual([]);
      // the stylesheet and the script (the print button) came from our own routes
      const header = await strict.page
        .locator('.site-header')
        .evaluate((e) => (globalThis as unknown as StyleWindow).getComputedStyle(e).backgroundColor);
      expect(header).toBe('rgb(29, 79, 145)');
      await strict.page.goto(`${world.url}/plans/${world.planId}`);
      await expect(strict.page.getByRole('button', { name: 'Drucken' }).isVisible()).resolves.toBe(true);
    } finally {
      await strict.close();
    }
  });
});
