import type { Measurement } from './store-measure.js';

export interface Goal {
  text: string;
  /** 'undecided' when noise decided it (see ratioGoal in store.bench.ts). */
  met: boolean | 'undecided';
  /** Says which part is met when the goal has several. */
  detail?: string;
}

export interface ResultRow {
  store: 'SQLite' | 'PostgreSQL';
  scenario: string;
  adapter: Measurement;
  plain: Measurement;
  /** Median over blocks of adapter ÷ plain (see timeInterleaved). */
  blockRatioMedian: number;
  /** What the plain-driver figure is. */
  plainLabel: string;
  /** The machine's reference figure for the plain driver, from the issue. */
  plainReference?: string;
  goal?: Goal;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const rate = (m: Measurement): string => integer.format(m.rate);
export const count = (n: number): string => integer.format(n);
export const ratio = (row: ResultRow): string => `${twoDecimals.format(row.adapter.rate / row.plain.rate)}×`;
const latency = (m: Measurement): string => `${twoDecimals.format(m.p50Ms)} / ${twoDecimals.format(m.p99Ms)}`;
const verdict = (goal?: Goal): string => {
  if (!goal) return '–';
  const word = goal.met === 'undecided' ? 'undecided' : goal.met ? 'met' : 'NOT met';
  return `${word}${goal.detail ? ` (${goal.detail})` : ''}`;
};

const HEADERS = [
  'Store',
  'Scenario',
  'Events',
  'Adapter ev/s',
  'Adapter p50 / p99 ms',
  'Plain ev/s',
  'Plain p50 / p99 ms',
  'Plain driver',
  'Ratio',
  'Ratio, median of blocks',
  'Goal',
  'Result',
  'Ref. plain',
];

function cells(row: ResultRow): string[] {
  return [
    row.store,
    row.scenario,
    count(row.adapter.events),
    rate(row.adapter),
    latency(row.adapter),
    rate(row.plain),
    latency(row.plain),
    row.plainLabel,
    ratio(row),
    `${twoDecimals.format(row.blockRatioMedian)}×`,
    row.goal?.text ?? '–',
    verdict(row.goal),
    row.plainReference ?? '–',
  ];
}

const NUMERIC = new Set([2, 3, 4, 5, 6, 8, 9]);

/** A fixed-width table for the terminal. */
export function textTable(rows: readonly ResultRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (NUMERIC.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(HEADERS), rule, ...body.map(line)].join('\n');
}

/** The same table as markdown. */
export function markdownTable(rows: readonly ResultRow[]): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  const align = HEADERS.map((_, i) => (NUMERIC.has(i) ? '---:' : '---'));
  return [line(HEADERS), line(align), ...rows.map((r) => line(cells(r)))].join('\n');
}
