/**
 * The one stylesheet of the web pages, served from /assets/web.css (a TypeScript string, so that `nest build`
 * ships it without an assets step). Colours keep at least 4.5:1 contrast for text; focus is always visible;
 * the print rules turn a dashboard into pages for council papers.
 */
export const WEB_CSS = `
:root {
  --ink: #1a1a1a; --muted: #4d4d4d; --paper: #ffffff; --line: #b8bcc2; --soft: #f2f4f7;
  --brand: #1d4f91; --brand-dark: #123563; --warn: #8a1c1c; --ok: #1e5e22; --focus: #ffbf47;
  font-family: "Source Sans 3", "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: var(--ink); background: var(--paper); line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; font-size: 1.0625rem; }
a { color: var(--brand); text-underline-offset: 0.15em; }
a:hover { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; box-shadow: 0 0 0 6px var(--focus); }
.skip-link { position: absolute; left: -9999px; top: 0; background: var(--focus); color: var(--ink); padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0.5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.site-header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 2rem;
  padding: 0.75rem 1.5rem; background: var(--brand); color: #fff; }
.site-header a, .site-header .link-button { color: #fff; }
.brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; }
.nav-list { list-style: none; display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.25rem; margin: 0; padding: 0; }
.nav-list .who { opacity: 0.95; }
.inline-form { display: inline; margin: 0; }
.link-button { background: none; border: 0; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
main:focus { outline: none; }
.site-footer { border-top: 1px solid var(--line); padding: 1rem 1.5rem; color: var(--muted); font-size: 0.9rem; text-align: center; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.75rem 0; }
h2 { font-size: 1.4rem; margin: 2rem 0 0.75rem; border-bottom: 2px solid var(--soft); padding-bottom: 0.25rem; }
h3 { font-size: 1.15rem; margin: 1.25rem 0 0.5rem; }
h4 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
.muted, .hint { color: var(--muted); }
.hint { margin: 0.1rem 0 0.35rem; font-size: 0.95rem; }
.crumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem; padding: 0; margin: 0.25rem 0; font-size: 0.95rem; }
.crumbs li + li::before { content: "›"; margin-right: 0.35rem; color: var(--muted); }
.notice { background: #e8f1fb; border-left: 5px solid var(--brand); padding: 0.6rem 1rem; }
.as-of-notice { background: #fff4d6; border-left-color: #8a5a00; }
.public-notice { color: var(--muted); font-style: italic; }
.narrow { max-width: 40rem; }

.badge { display: inline-block; font-size: 0.8rem; font-weight: 600; padding: 0.05rem 0.5rem; border-radius: 1rem;
  border: 1px solid currentColor; vertical-align: middle; background: var(--soft); color: #333; }
.badge-adopted, .badge-achieved, .badge-completed, .badge-held { color: var(--ok); background: #e5f3e6; }
.badge-blocked, .badge-overdue, .badge-dropped, .badge-cancelled { color: var(--warn); background: #fbe9e9; }
.badge-started, .badge-revised, .badge-scheduled { color: var(--brand-dark); background: #e8f1fb; }

.page-head .vision { max-width: 60rem; }
.actions { list-style: none; display: flex; flex-wrap: wrap; gap: 0.5rem; padding: 0; }
.button { display: inline-block; padding: 0.45rem 1rem; border: 2px solid var(--brand); border-radius: 0.25rem;
  background: var(--paper); color: var(--brand); font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
.button.primary { background: var(--brand); color: #fff; }
.button.primary:hover { background: var(--brand-dark); }
.button.secondary { border-color: var(--muted); color: var(--ink); }

.as-of-form fieldset, .filters { border: 1px solid var(--line); border-radius: 0.25rem; padding: 0.75rem 1rem; background: var(--soft); }
.as-of-form fieldset { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.75rem 1rem; }
.as-of-form legend { font-weight: 600; padding: 0 0.25rem; }
.field-inline { display: flex; flex-direction: column; }
.filters h2 { margin-top: 0; border: 0; font-size: 1.15rem; }
.filter-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.75rem 1rem; }

.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 0.35rem; padding: 0.75rem 1rem; }
.card h3 { margin-top: 0; }
.card dl { display: grid; grid-template-columns: 1fr auto; gap: 0.1rem 1rem; margin: 0; }
.card dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.card .warn { color: var(--warn); }
.card-main .big { font-size: 3rem; font-weight: 700; margin: 0.25rem 0; color: var(--brand-dark); }
.card-main .meter { height: 1rem; }
.meter { width: 8rem; height: 0.7rem; vertical-align: middle; }
.meter .track { fill: #e1e5ea; }
.meter .fill { fill: var(--brand); }
.card-main .meter { width: 100%; }
.bar-cell { white-space: nowrap; font-variant-numeric: tabular-nums; }

table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.97rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--ink); }
tbody th { font-weight: 600; }
.changes .summary .kv { display: block; }
.changes .k { color: var(--muted); }
.role { color: var(--muted); font-size: 0.9em; }
ul.compact { margin: 0; padding-left: 1.1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.5rem; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.two-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 2rem; }

.chart-figure { margin: 0.5rem 0 1.5rem; }
.chart-pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 0 2rem; }
.chart { width: 100%; height: auto; max-height: 22rem; }
.chart .grid { stroke: #d5d9de; stroke-width: 1; }
.chart .tick, .chart .label, .chart .value { font-size: 12px; fill: #333; }
.chart .track { fill: #e1e5ea; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; padding: 0; margin: 0.25rem 0; font-size: 0.95rem; }
.legend svg { vertical-align: middle; }
.chart-data summary { cursor: pointer; color: var(--brand); }

.integrity { border-left: 6px solid var(--ok); background: #eef7ee; padding: 0.25rem 1rem; }
.integrity h2 { border: 0; margin-top: 0.5rem; }
.integrity.broken { border-left-color: var(--warn); background: #fbe9e9; }
.pager { display: flex; gap: 1.5rem; }

.form .field, .attendance { margin: 0 0 1.1rem; }
.form label, .filters label, .field-inline label { display: block; font-weight: 600; }
.form fieldset { border: 1px solid var(--line); border-radius: 0.25rem; padding: 0.5rem 1rem; }
.form legend { font-weight: 600; padding: 0 0.25rem; }
input, select, textarea { font: inherit; padding: 0.35rem 0.5rem; border: 2px solid #5a5f66; border-radius: 0.2rem;
  max-width: 100%; background: #fff; color: var(--ink); }
.form input[type="text"], .form input:not([type]), .form textarea, .form select { width: 100%; }
.form input[type="number"] { width: 9rem; }
.choice { display: flex; align-items: center; gap: 0.5rem; margin: 0.25rem 0; }
.choice label { font-weight: 400; }
.choice input { width: 1.2rem; height: 1.2rem; }
.has-error { border-left: 4px solid var(--warn); padding-left: 0.75rem; }
.has-error input, .has-error textarea, .has-error select { border-color: var(--warn); }
.field-error { color: var(--warn); font-weight: 600; margin: 0.1rem 0 0.3rem; }
.error-summary { border: 4px solid var(--warn); padding: 0.5rem 1rem; margin: 1rem 0; }
.error-summary h2 { margin-top: 0.25rem; border: 0; font-size: 1.2rem; }
.error-summary a { color: var(--warn); font-weight: 600; }
.form-actions { display: flex; gap: 0.75rem; align-items: center; margin-top: 1.5rem; }

@media (max-width: 40rem) {
  main { padding: 0.5rem 0.75rem 2rem; }
  table { font-size: 0.9rem; }
  .changes, .measures, .meetings { display: block; overflow-x: auto; }
}

@media print {
  :root { font-size: 10.5pt; }
  body { background: #fff; }
  .skip-link, .site-header nav, .as-of-form, .actions, .action, .filters, .pager, .form-actions, form, .chart-data { display: none !important; }
  .site-header { background: none; color: #000; border-bottom: 2px solid #000; padding: 0 0 0.25rem; }
  .site-header a { color: #000; }
  main { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  h2 { break-after: avoid; border-bottom: 1px solid #000; }
  section, figure, .card, tr { break-inside: avoid; }
  .cards { grid-template-columns: repeat(4, 1fr); }
  .chart-pair { grid-template-columns: 1fr 1fr; }
  .badge { border: 1px solid #000; background: none !important; color: #000 !important; }
  .notice { border: 1px solid #000; background: none; }
  .site-footer { text-align: left; color: #000; }
}
`;
