import { DASHES, PALETTE, lineChart, stackedBars, type LineSeries } from '../charts.js';
import { html, type Html } from '../html.js';
import { dataTable, figure, meter } from '../page-parts.js';
import type { WebContext } from '../web-context.js';
import type { DashboardData } from '../web-reads.js';

/** The headline figures of api.md's dashboard, each with its value for machines (data-figure). */
export function figuresSection(ctx: WebContext, { dashboard: d }: DashboardData): Html {
  const { t, texts } = ctx;
  const row = (key: string, label: string, value: number) =>
    html`<dt>${label}</dt>
      <dd>${figure(key, value, texts.num(value))}</dd>`;
  return html`<section class="figures" aria-labelledby="figures-h">
    <h2 id="figures-h">${t.overallProgress}</h2>
    <div class="cards">
      <div class="card card-main">
        <p class="big">${figure('progress', d.progress, texts.percent(d.progress))}</p>
        ${meter(d.progress)}
      </div>
      <div class="card">
        <h3>${t.goals}</h3>
        <dl>
          ${row('goals.total', t.total, d.goals.total)}${row('goals.defined', t.open, d.goals.defined)}
          ${row('goals.achieved', t.goalStatus.achieved!, d.goals.achieved)}${row('goals.dropped', t.goalStatus.dropped!, d.goals.dropped)}
        </dl>
      </div>
      <div class="card">
        <h3>${t.measures}</h3>
        <dl>
          ${row('measures.total', t.total, d.measures.total)}
          ${(['planned', 'started', 'blocked', 'completed', 'cancelled'] as const).map((s) => row(`measures.${s}`, t.measureStatus[s]!, d.measures[s]))}
          <dt class="warn">${t.overdue}</dt>
          <dd class="warn">
            ${figure('measures.overdue', d.measures.overdue, texts.num(d.measures.overdue))}
          </dd>
        </dl>
      </div>
      <div class="card">
        <h3>${t.meetings}</h3>
        <dl>
          ${(['scheduled', 'held', 'cancelled'] as const).map((s) => row(`meetings.${s}`, t.meetingStatus[s]!, d.meetings[s]))}
        </dl>
        <h4>${t.attendance}</h4>
        <dl>
          ${(['affected', 'involved', 'responsible', 'total'] as const).map((g) =>
            row(`attendance.${g}`, g === 'total' ? t.total : t[g], d.meetings.attendance[g]),
          )}
        </dl>
      </div>
    </div>
  </section>`;
}

/** A bar per theme field with its progress and how many goals count in it. */
export function themeFieldsSection(ctx: WebContext, { dashboard }: DashboardData): Html {
  const { t, texts } = ctx;
  return html`<section aria-labelledby="themes-h">
    <h2 id="themes-h">${t.themeFieldBars}</h2>
    <table class="theme-fields">
      <thead>
        <tr>
          <th scope="col">${t.themeField}</th>
          <th scope="col">${t.goals}</th>
          <th scope="col">${t.progress}</th>
        </tr>
      </thead>
      <tbody>
        ${dashboard.themeFields.map(
          (f) =>
            html`<tr>
              <th scope="row">${f.name}</th>
              <td>${t.goalsCount(f.goals)}</td>
              <td class="bar-cell">
                ${meter(f.progress)} ${figure(`theme:${f.key}`, f.progress, texts.percent(f.progress))}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function legend(names: string[], kind: 'line' | 'box'): Html {
  return html`<ul class="legend">
    ${names.map(
      (name, i) =>
        html`<li>
          <svg width="28" height="12" aria-hidden="true" focusable="false">
            ${
              kind === 'line'
                ? html`<line
                    x1="1"
                    x2="27"
                    y1="6"
                    y2="6"
                    stroke="${PALETTE[i % PALETTE.length]}"
                    stroke-width="3"
                    stroke-dasharray="${DASHES[i % DASHES.length] || 'none'}"
                  />`
                : html`<rect x="6" y="0" width="14" height="12" fill="${PALETTE[i % PALETTE.length]}" />`
            }
          </svg>
          ${name}
        </li>`,
    )}
  </ul>`;
}

/** Progress over time, attendance per month by stakeholder group, activity per month. */
export function chartsSection(ctx: WebContext, data: DashboardData): Html {
  const { t, texts } = ctx;
  const fields = data.dashboard.themeFields.filter((f) => f.goals > 0);
  const series: LineSeries[] = [
    { name: t.wholePlan, points: data.progress.get('plan') ?? [], strong: true },
    ...fields.map((f) => ({ name: f.name, points: data.progress.get(`theme:${f.key}`) ?? [] })),
  ];
  const days = [...new Set(series.flatMap((s) => s.points.map((p) => p.day)))].sort();
  const at = (s: LineSeries, day: string) => s.points.find((p) => p.day === day)?.value;
  const groups = (['affected', 'involved', 'responsible'] as const).map((g) => ({
    name: t[g],
    values: data.attendance.map((m) => m[g]),
  }));
  return html`<section aria-labelledby="charts-h" class="charts">
    <h2 id="charts-h">${t.progressOverTime}</h2>
    <figure class="chart-figure">
      ${lineChart({
        id: 'chart-progress',
        title: t.progressOverTime,
        description: series.map((s) => `${s.name}: ${texts.percent(s.points.at(-1)?.value ?? 0)}`).join('; '),
        series,
        dayLabel: (d) => texts.day(d),
        valueLabel: (v) => texts.percent(v),
      })}
      <figcaption>
        ${legend(
          series.map((s) => s.name),
          'line',
        )}
      </figcaption>
      ${dataTable(
        ctx,
        [t.day, ...series.map((s) => s.name)],
        days.map((d) => [texts.day(d), ...series.map((s) => texts.percent(at(s, d)))]),
      )}
    </figure>
    <div class="chart-pair">
      <figure class="chart-figure">
        <h3>${t.attendancePerMonth}</h3>
        ${
          data.attendance.length === 0
            ? html`<p>${t.noData}</p>`
            : stackedBars({
                id: 'chart-attendance',
                title: t.attendancePerMonth,
                description: data.attendance
                  .map((m) => `${texts.month(m.month)}: ${m.affected} / ${m.involved} / ${m.responsible}`)
                  .join('; '),
                categories: data.attendance.map((m) => m.month),
                groups,
                categoryLabel: (m) => texts.month(m),
              })
        }
        <figcaption>
          ${legend(
            groups.map((g) => g.name),
            'box',
          )}
        </figcaption>
        ${dataTable(
          ctx,
          [t.month, t.affected, t.involved, t.responsible, t.meetings],
          data.attendance.map((m) => [
            texts.month(m.month),
            m.affected,
            m.involved,
            m.responsible,
            m.meetings,
          ]),
        )}
      </figure>
      <figure class="chart-figure">
        <h3>${t.activityPerMonth}</h3>
        ${stackedBars({
          id: 'chart-activity',
          title: t.activityPerMonth,
          description: data.activity.map((m) => `${texts.month(m.month)}: ${m.events}`).join('; '),
          categories: data.activity.map((m) => m.month),
          groups: [{ name: t.events, values: data.activity.map((m) => m.events) }],
          categoryLabel: (m) => texts.month(m),
        })}
        <figcaption>${legend([t.events], 'box')}</figcaption>
        ${dataTable(
          ctx,
          [t.month, t.events],
          data.activity.map((m) => [texts.month(m.month), m.events]),
        )}
      </figure>
    </div>
  </section>`;
}
