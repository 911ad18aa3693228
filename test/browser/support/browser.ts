import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium; .ci/run installs it where missing), never a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A browser with a fresh profile. `bypassCSP` lets axe-core be injected as a script tag (the pages' CSP
 * allows no inline script, rightly); the CSP itself is checked with a browser that keeps it.
 */
export async function openBrowser(options: { bypassCSP?: boolean; locale?: string } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ledger-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: options.locale ?? 'de-DE',
    timezoneId: 'Europe/Berlin',
    bypassCSP: options.bypassCSP ?? false,
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** axe-core on the page as it is: no serious or critical violation (the list names them if there are). */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // runs in the page (the tests' tsconfig has no DOM types)
    const { axe, document } = globalThis as unknown as {
      axe: { run(context: unknown): Promise<AxeResults> };
      document: unknown;
    };
    const results = await axe.run(document);
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
  });
  expect(violations).toEqual([]);
}

interface AxeResults {
  violations: { id: string; impact?: string; nodes: { target: string[] }[] }[];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Every figure the page marks with data-figure, by name. */
export async function figuresOf(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-figure]', (elements) =>
    Object.fromEntries(
      elements.map((e) => [e.getAttribute('data-figure') ?? '', Number(e.getAttribute('value'))]),
    ),
  );
}

/** The same names for the API's dashboard answer. */
export function figuresOfDashboard(d: ApiDashboard): Record<string, number> {
  return {
    progress: d.progress,
    ...Object.fromEntries(Object.entries(d.goals).map(([k, v]) => [`goals.${k}`, v])),
    ...Object.fromEntries(Object.entries(d.measures).map(([k, v]) => [`measures.${k}`, v])),
    'meetings.scheduled': d.meetings.scheduled,
    'meetings.held': d.meetings.held,
    'meetings.cancelled': d.meetings.cancelled,
    ...Object.fromEntries(Object.entries(d.meetings.attendance).map(([k, v]) => [`attendance.${k}`, v])),
    ...Object.fromEntries(d.themeFields.map((f) => [`theme:${f.key}`, f.progress])),
  };
}

export interface ApiDashboard {
  progress: number;
  goals: Record<string, number>;
  measures: Record<string, number>;
  meetings: {
    scheduled: number;
    held: number;
    cancelled: number;
    attendance: Record<string, number>;
  };
  themeFields: { key: string; name: string; progress: number; goals: number }[];
}
