import { html, raw, type Html } from './html.js';

/**
 * Charts as inline SVG made on the server: no script, nothing loaded from elsewhere, sharp in print. Each
 * chart is an image with a title and a description for screen readers; the pages add the numbers as a table.
 * Series differ in colour and in dash pattern, so that they stay apart when printed in black and white.
 */
export const PALETTE = [
  '#1d4f91',
  '#b04a00',
  '#2a7a2e',
  '#7a2f8f',
  '#a3142e',
  '#00707a',
  '#6b5d00',
  '#4a4a4a',
];
export const DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 4', '1 2', '12 4', '3 6'];

const W = 640;
const H = 260;
const PAD = { left: 44, right: 12, top: 14, bottom: 34 };
const n = (value: number) => (Math.round(value * 10) / 10).toString();

interface ChartFrame {
  id: string;
  title: string;
  description: string;
}

function frame({ id, title, description }: ChartFrame, content: Html, height = H): Html {
  return html`<svg
    class="chart"
    viewBox="0 0 ${W} ${height}"
    role="img"
    aria-labelledby="${id}-t ${id}-d"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title id="${id}-t">${title}</title>
    <desc id="${id}-d">${description}</desc>
    ${content}
  </svg>`;
}

/** Horizontal grid lines with labels, from 0 to max. */
function yAxis(max: number, label: (value: number) => string): Html {
  const steps = 4;
  const lines = [];
  for (let i = 0; i <= steps; i++) {
    const value = (max / steps) * i;
    const y = PAD.top + (H - PAD.top - PAD.bottom) * (1 - i / steps);
    lines.push(
      html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${n(y)}" y2="${n(y)}" class="grid" /><text
          x="${PAD.left - 6}"
          y="${n(y + 4)}"
          text-anchor="end"
          class="tick"
          >${label(value)}</text
        >`,
    );
  }
  return html`${lines}`;
}

export interface LineSeries {
  name: string;
  points: { day: string; value: number }[];
  strong?: boolean;
}

/** Values 0..100 over calendar days; each series keeps its colour and dash by position. */
export function lineChart(
  chart: ChartFrame & {
    series: LineSeries[];
    dayLabel: (day: string) => string;
    valueLabel: (v: number) => string;
  },
): Html {
  const days = chart.series.flatMap((s) => s.points.map((p) => Date.parse(`${p.day}T00:00:00Z`)));
  if (days.length === 0) return frame(chart, yAxis(100, chart.valueLabel));
  let lo = Math.min(...days);
  let hi = Math.max(...days);
  if (lo === hi) [lo, hi] = [lo - 86_400_000, hi + 86_400_000];
  const x = (day: string) =>
    PAD.left + ((Date.parse(`${day}T00:00:00Z`) - lo) / (hi - lo)) * (W - PAD.left - PAD.right);
  const y = (value: number) =>
    PAD.top + (H - PAD.top - PAD.bottom) * (1 - Math.min(100, Math.max(0, value)) / 100);
  const first = new Date(lo).toISOString().slice(0, 10);
  const last = new Date(hi).toISOString().slice(0, 10);
  const lines = chart.series.map((series, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const dash = DASHES[i % DASHES.length]!;
    const path = series.points
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${n(x(p.day))},${n(y(p.value))}`)
      .join(' ');
    const dots = series.points.map(
      (p) =>
        html`<circle
          cx="${n(x(p.day))}"
          cy="${n(y(p.value))}"
          r="${series.strong ? 3.5 : 2.5}"
          fill="${colour}"
        />`,
    );
    return html`<path
        d="${path}"
        fill="none"
        stroke="${colour}"
        stroke-width="${series.strong ? 3 : 1.6}"
        ${dash ? raw(` stroke-dasharray="${dash}"`) : ''}
      />${dots}`;
  });
  const axis = html`<text x="${PAD.left}" y="${H - 10}" class="tick">${chart.dayLabel(first)}</text
    ><text x="${W - PAD.right}" y="${H - 10}" text-anchor="end" class="tick">${chart.dayLabel(last)}</text>`;
  return frame(chart, html`${yAxis(100, chart.valueLabel)}${axis}${lines}`);
}

export interface BarGroup {
  name: string;
  values: number[];
}

/** Bars per category (a month); several groups are stacked, bottom to top in their order. */
export function stackedBars(
  chart: ChartFrame & { categories: string[]; groups: BarGroup[]; categoryLabel: (c: string) => string },
): Html {
  const totals = chart.categories.map((_, i) => chart.groups.reduce((sum, g) => sum + (g.values[i] ?? 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const plotH = H - PAD.top - PAD.bottom;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, chart.categories.length);
  const barW = Math.min(48, slot * 0.7);
  const bars = chart.categories.map((category, i) => {
    let base = H - PAD.bottom;
    const left = PAD.left + slot * i + (slot - barW) / 2;
    const parts = chart.groups.map((group, g) => {
      const h = ((group.values[i] ?? 0) / max) * plotH;
      base -= h;
      return h > 0
        ? html`<rect
            x="${n(left)}"
            y="${n(base)}"
            width="${n(barW)}"
            height="${n(h)}"
            fill="${PALETTE[g % PALETTE.length]}"
            class="bar-${g}"
          />`
        : '';
    });
    const label =
      chart.categories.length <= 12 || i % Math.ceil(chart.categories.length / 12) === 0
        ? html`<text x="${n(left + barW / 2)}" y="${H - 14}" text-anchor="middle" class="tick"
            >${chart.categoryLabel(category)}</text
          >`
        : '';
    return html`${parts}${label}`;
  });
  return frame(chart, html`${yAxis(max, (v) => n(v))}${bars}`);
}

/** A maximum whose four grid steps are round whole numbers (4, 8, 20, 40, 100, 200 …). */
function niceMax(value: number): number {
  const step = value / 4;
  if (step <= 1) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 5, 10].find((s) => step <= s * magnitude) ?? 10;
  return nice * magnitude * 4;
}
