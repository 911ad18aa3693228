import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { day, instant } from '../../apps/cli/src/demo-client.js';
import {
  expectAccessible,
  figuresOf,
  figuresOfDashboard,
  openBrowser,
  screenshot,
  type ApiDashboard,
  type Browser,
} from './support/browser.js';
import { DISPLAY_NAMES, planState, startDemoWorld, type DemoWorld, type Role } from './support/demo-world.js';

/**
 * The dashboard as people use it, in Debian's Chromium: the demo plan's figures as the API computes them,
 * signing in, the three forms with their messages, the "as of" picker, the language switch and print.
 */
describe('web dashboard in a real browser', () => {
  let world: DemoWorld;
  let browser: Browser;
  let page: Page;
  /** the end of the second in which the demo was complete; every later change comes after it */
  let demoDone: Date;

  const dashboardOfApi = (query = '') =>
    world.api('viewer').get<ApiDashboard>(`/api/plans/${world.planId}/dashboard${query}`);
  const planUrl = () => `${world.url}/plans/${world.planId}`;

  async function signIn(role: Role) {
    await browser.context.clearCookies();
    await page.goto(`${world.url}/sign-in`);
    await page.getByLabel('Zugangsschlüssel').fill(world.tokens[role]);
    await Promise.all([page.waitForURL(/\/m\//), page.getByRole('button', { name: 'Anmelden' }).click()]);
  }

  /** Submits the page's form and answers the status of the page it leads to (after any redirect). */
  async function submit(name: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name }).click(),
    ]);
    await page.waitForLoadState();
    return response.status();
  }

  beforeAll(async () => {
    world = await startDemoWorld('web-dashboard');
    demoDone = new Date(Math.floor(Date.now() / 1000) * 1000 + 999);
    browser = await openBrowser({ bypassCSP: true });
    page = browser.page;
    // later changes must fall into a later second than the demo, so that "as of" can tell them apart
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, demoDone.getTime() + 50 - Date.now())));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('the public dashboard shows the figures the API returns, and no names', async () => {
    const response = await page.goto(planUrl());
    expect(response?.status()).toBe(200);
    const api = await dashboardOfApi();
    expect(await figuresOf(page)).toEqual(figuresOfDashboard(api));
    await expect(page.locator('[data-figure="progress"]').textContent()).resolves.toBe(
      `${String(api.progress).replace('.', ',')} %`,
    );
    const text = await page.locator('main').innerText();
    for (const name of Object.values(DISPLAY_NAMES)) expect(text).not.toContain(name);
    // the measure a member carries names no one to the public
    expect(await page.locator('tr', { hasText: 'Praktikumsbörse' }).innerText()).toContain(
      'Mitglied der Kommune',
    );
    expect(await page.locator('svg.chart').count()).toBe(3);
    await expectAccessible(page);
    await screenshot(page, '01-dashboard-public');
  });

  it('signs in with a member token, refuses a wrong one, and shows the municipality overview', async () => {
    await page.goto(planUrl());
    await page.getByRole('link', { name: 'Anmelden' }).click();
    await page.getByLabel('Zugangsschlüssel').fill('mpl_m_this-token-does-not-exist-at-all');
    expect(await submit('Anmelden')).toBe(401);
    await expect(page.getByRole('alert').innerText()).resolves.toContain('unbekannt');
    await expectAccessible(page);
    await screenshot(page, '02-sign-in-refused');

    await page.getByLabel('Zugangsschlüssel').fill(world.tokens.coordinator);
    await submit('Anmelden');
    expect(page.url()).toBe(planUrl()); // back where the sign-in started
    await expect(page.locator('.who').innerText()).resolves.toContain(DISPLAY_NAMES.coordinator);
    // members see who carries a measure
    expect(await page.locator('tr', { hasText: 'Praktikumsbörse' }).innerText()).toContain(
      DISPLAY_NAMES.contributor,
    );
    await expectAccessible(page);
    await screenshot(page, '03-dashboard-coordinator');

    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Übersicht' })
      .click();
    const row = page.locator(`tr[data-plan="${world.planId}"]`);
    await expect(row.locator('[data-figure="progress"]').getAttribute('value')).resolves.toBe(
      String((await dashboardOfApi()).progress),
    );
    await expectAccessible(page);
    await screenshot(page, '04-overview');
  });

  it('goal and measure pages show progress history and every change with who, when and why', async () => {
    const state = await planState(world);
    const goal = state.goals.find((g) => g.title.startsWith('Geflüchtete wohnen'))!;
    await page.goto(`${planUrl()}/goals/${goal.id}`);
    await expect(page.locator('table.changes').innerText()).resolves.toContain('Indikator gemessen');
    await expect(page.locator('table.changes').innerText()).resolves.toContain(DISPLAY_NAMES.coordinator);
    await expectAccessible(page);
    await screenshot(page, '05-goal');

    const measure = state.measures.find((m) => m.title.startsWith('Nachbarschaftsfeste'))!;
    await page.goto(`${world.url}/measures/${measure.measureId}`);
    const changes = await page.locator('table.changes').innerText();
    expect(changes).toContain('Frist verschoben');
    expect(changes).toContain('Fünftes Fest im Frühjahr'); // the why
    await expect(page.locator('table.reports').innerText()).resolves.toContain(
      'Zwei von fünf Festen gefeiert',
    );
    await expectAccessible(page);
    await screenshot(page, '06-measure');
  });

  it('reporting progress through the form validates in the page language and updates the dashboard', async () => {
    await signIn('contributor');
    await page.goto(planUrl());
    await page
      .getByRole('link', { name: 'Fortschritt melden – Nachbarschaftsfeste in den Quartieren' })
      .click();

    expect(await submit('Speichern')).toBe(400);
    await expect(page.locator('#f-percent-error').innerText()).resolves.toBe(
      'Bitte eine ganze Zahl von 0 bis 100 angeben.',
    );
    await expect(page.locator('#f-percent').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#f-note-error').innerText()).resolves.toBe('Bitte ausfüllen.');
    await expectAccessible(page);
    await screenshot(page, '07-progress-form-errors');

    await page.getByRole('link', { name: 'English' }).click();
    await page.getByLabel('Progress in percent (0 to 100)').fill('150');
    expect(await submit('Save')).toBe(400);
    await expect(page.locator('#f-percent-error').innerText()).resolves.toBe(
      'Please enter a whole number from 0 to 100.',
    );
    await page.getByRole('link', { name: 'Deutsch' }).click();

    await page.getByLabel('Fortschritt in Prozent (0 bis 100)').fill('90');
    await page.getByLabel('Was wurde erreicht?').fill('Vier von fünf Festen gefeiert');
    await page.getByLabel('Begründung für den Prüfpfad (optional)').fill('Bericht an den Gemeinderat');
    await submit('Speichern');
    expect(page.url()).toMatch(/\/measures\/[0-9a-f-]+\?saved=1$/);
    await expect(page.getByRole('status').first().innerText()).resolves.toBe('Gespeichert.');
    await expect(page.locator('[data-figure="measure.progress"]').getAttribute('value')).resolves.toBe('90');

    await page.goto(planUrl());
    const api = await dashboardOfApi();
    expect(api.themeFields.find((f) => f.key === 'fears-and-living-together')?.progress).toBe(90);
    expect(await figuresOf(page)).toEqual(figuresOfDashboard(api));
  });

  it('a domain rule refuses with its message: a blocked measure takes no progress report', async () => {
    const blocked = (await planState(world)).measures.find((m) => m.status === 'blocked')!;
    await page.goto(`${world.url}/measures/${blocked.measureId}/progress`);
    await page.getByLabel('Fortschritt in Prozent (0 bis 100)').fill('30');
    await page.getByLabel('Was wurde erreicht?').fill('Weitere Betriebe angefragt');
    expect(await submit('Speichern')).toBe(409);
    await expect(page.locator('[data-refusal]').innerText()).resolves.toBe(
      'Die Maßnahme ist blockiert. Bitte zuerst die Blockade aufheben.',
    );
  });

  it('records a meeting held, with the date rule shown next to its field', async () => {
    await world.api('coordinator').post(`/api/plans/${world.planId}/meetings`, {
      title: 'Dialog im Quartier Nord',
      kind: 'dialogue',
      scheduledFor: instant(-1),
      location: 'Gemeindehaus',
      themeFields: ['housing', 'fears-and-living-together'],
    });
    await world.settle();
    await page.goto(planUrl());
    await page.getByRole('link', { name: 'Durchführung erfassen – Dialog im Quartier Nord' }).click();
    await page.getByLabel('Betroffene').fill('-3');
    expect(await submit('Speichern')).toBe(400);
    await expect(page.locator('#f-attendance-affected-error').innerText()).resolves.toBe(
      'Bitte eine Anzahl von 0 bis 100.000 angeben.',
    );
    await page.getByLabel('Durchgeführt am').fill(day(1));
    await page.getByLabel('Betroffene').fill('14');
    await page.getByLabel('Beteiligte').fill('9');
    await page.getByLabel('Verantwortliche').fill('4');
    await page
      .getByLabel('Ergebnisse (eines pro Zeile)')
      .fill('Mieterberatung im Quartier\nSprechstunde monatlich');
    expect(await submit('Speichern')).toBe(400);
    await expect(page.locator('#f-heldOn-error').innerText()).resolves.toBe(
      'Das Datum darf nicht in der Zukunft liegen.',
    );
    await expectAccessible(page);
    await screenshot(page, '08-meeting-held-form-errors');

    await page.getByLabel('Durchgeführt am').fill(day(-1));
    await submit('Speichern');
    expect(page.url()).toContain(`/plans/${world.planId}?saved=1`);
    const api = await dashboardOfApi();
    expect(api.meetings.attendance.affected).toBe(65 + 14);
    expect(await figuresOf(page)).toEqual(figuresOfDashboard(api));
  });

  it('plans a measure as coordinator, with every missing field named', async () => {
    await signIn('coordinator');
    await page.goto(planUrl());
    await page.getByRole('link', { name: 'Maßnahme planen' }).click();
    expect(await submit('Speichern')).toBe(400);
    for (const field of ['title', 'goalIds', 'responsible', 'startDate', 'dueDate']) {
      await expect(page.locator(`#f-${field}-error`).count()).resolves.toBe(1);
    }
    await expect(page.locator('#f-responsible-error').innerText()).resolves.toBe(
      'Bitte genau eine verantwortliche Stelle angeben.',
    );
    await expectAccessible(page);
    await screenshot(page, '09-plan-measure-form-errors');

    await page.getByLabel('Titel der Maßnahme').fill('Patenschaften für Auszubildende');
    await page.getByLabel('Ausbildungsplätze in örtlichen Betrieben (Ausbildung)').check();
    await page.getByLabel('ein Partner').check();
    await page.getByLabel('Partner', { exact: true }).selectOption({ label: 'Handwerkskammer' });
    await page.getByLabel('Beginn').fill(day(0));
    await page.getByLabel('Fällig am').fill(day(90));
    await page.getByLabel('Budget in Euro (optional)').fill('12.500');
    await submit('Speichern');
    expect(page.url()).toMatch(/\/measures\/[0-9a-f-]+\?saved=1$/);
    await expect(page.locator('h1').innerText()).resolves.toContain('Patenschaften für Auszubildende');
    const planned = (await planState(world)).measures.find(
      (m) => m.title === 'Patenschaften für Auszubildende',
    );
    expect(planned).toMatchObject({ status: 'planned', budget: 12_500 });
  });

  it('the "as of" picker shows the figures as they were, as the API computes them', async () => {
    const current = await dashboardOfApi();
    const before = await dashboardOfApi(`?asOf=${demoDone.toISOString()}`);
    expect(before.progress).not.toBe(current.progress);

    await page.goto(planUrl());
    const berlin = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', ...options }).format(demoDone);
    await page.getByLabel('Datum').fill(berlin({ year: 'numeric', month: '2-digit', day: '2-digit' }));
    await page
      .getByLabel('Uhrzeit (optional)')
      .fill(berlin({ hour: '2-digit', minute: '2-digit', second: '2-digit' }));
    await Promise.all([page.waitForURL(/date=/), page.getByRole('button', { name: 'Anzeigen' }).click()]);
    await expect(page.locator('.as-of-notice').innerText()).resolves.toContain('Rückblick');
    expect(await figuresOf(page)).toEqual(figuresOfDashboard(before));
    await expectAccessible(page);
    await screenshot(page, '10-dashboard-as-of');

    await page.getByRole('link', { name: 'Aktueller Stand' }).click();
    expect(await figuresOf(page)).toEqual(figuresOfDashboard(current));

    await page.getByLabel('Datum').fill(day(-400));
    await Promise.all([page.waitForURL(/date=/), page.getByRole('button', { name: 'Anzeigen' }).click()]);
    await expect(page.getByRole('status').innerText()).resolves.toContain(
      'gab es zu diesem Zeitpunkt noch nicht',
    );
  });

  it('switches to English and remembers it', async () => {
    await page.goto(`${planUrl()}?lang=en`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('heading', { name: 'Overall progress' }).count()).resolves.toBe(1);
    await page.goto(planUrl());
    await expect(page.getByRole('heading', { name: 'Measures by status' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, '11-dashboard-english');
    await page.goto(`${planUrl()}?lang=de`);
  });

  it('prints without navigation and forms', async () => {
    await page.emulateMedia({ media: 'print' });
    await page.goto(planUrl());
    await expect(page.locator('.as-of-form').isVisible()).resolves.toBe(false);
    await expect(page.locator('.site-header nav').isVisible()).resolves.toBe(false);
    await expect(page.locator('svg.chart').first().isVisible()).resolves.toBe(true);
    await screenshot(page, '12-dashboard-print');
    await page.emulateMedia({ media: 'screen' });
  });
});
