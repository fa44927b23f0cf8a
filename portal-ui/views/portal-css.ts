/**
 * The portal's one stylesheet, served from /assets/portal.css because the Content-Security-Policy
 * allows no inline styles. Colours meet WCAG AA contrast on their backgrounds (text ≥ 4.5:1).
 */
/**
 * The stylesheet in the business's primary colour (config `portal.primaryColor`, already checked for
 * 4.5:1 contrast with white). The darker hover shade is the same colour mixed with 35 % black, which
 * only raises its contrast.
 */
export function portalCss(primaryColor = '#1d4ed8'): string {
  return BASE_CSS.replace('--accent: #1d4ed8;', `--accent: ${primaryColor};`).replace('--accent-dark: #1e3a8a;', `--accent-dark: ${darken(primaryColor, 0.35)};`);
}

function darken(hex: string, amount: number): string {
  if (hex.toLowerCase() === '#1d4ed8') return '#1e3a8a';
  const channels = [1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - amount)));
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

const BASE_CSS = `
:root {
  --fg: #1f2937;        /* 14.7:1 on white */
  --muted: #4b5563;     /* 7.6:1 on white */
  --accent: #1d4ed8;    /* 6.7:1 on white; white on it 6.7:1 */
  --accent-dark: #1e3a8a;
  --bg: #f3f4f6;
  --card: #ffffff;
  --line: #d1d5db;
  --focus: #f59e0b;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
main:focus { outline: none; }

.skip-link { position: absolute; left: .5rem; top: -3rem; padding: .5rem .75rem; background: var(--card); color: var(--accent); border: 2px solid var(--accent); border-radius: 6px; z-index: 10; }
.skip-link:focus { top: .5rem; }

.site-header { background: var(--card); border-bottom: 1px solid var(--line); }
.bar { max-width: 64rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; }
.brand { display: inline-flex; align-items: center; gap: .5rem; font-weight: 700; font-size: 1.1rem; color: var(--fg); text-decoration: none; }
.brand-sub { font-weight: 400; color: var(--muted); margin-left: .35rem; }
.account { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
.account form { margin: 0; }
.who { margin: 0; display: flex; flex-direction: column; line-height: 1.3; }
.who-name { font-weight: 600; }
.who-email { color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }

main { display: block; max-width: 64rem; margin: 0 auto; padding: 1.5rem 1rem 2rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .25rem 0 .75rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
p { margin: 0 0 .75rem; }
.lead { color: var(--muted); margin-bottom: 1.25rem; }
.muted, .source { color: var(--muted); }
.source { font-size: .875rem; margin: .5rem 0 0; }
.note { color: var(--muted); border-left: 4px solid var(--line); padding-left: .75rem; }

.grid { display: grid; gap: 1rem; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); align-items: start; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1.1rem 1.25rem; margin-bottom: 1rem; }
.grid > .card { margin-bottom: 0; }

.deal-list, .team { list-style: none; margin: 0; padding: 0; }
.deal { padding: .9rem 0; border-top: 1px solid var(--line); }
.deal:first-child { border-top: 0; padding-top: 0; }
.team li + li { margin-top: .75rem; }
.person a { overflow-wrap: anywhere; }

.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem 1rem; margin: 0; }
.facts dt { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.breadcrumb { margin-bottom: .5rem; }

.button { display: inline-block; min-height: 2.75rem; padding: .6rem 1.2rem; background: var(--accent); color: #fff; border: 2px solid var(--accent); border-radius: 8px; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
.button:hover { background: var(--accent-dark); border-color: var(--accent-dark); }
.button-quiet { background: var(--card); color: var(--accent); min-height: 2.5rem; padding: .4rem .9rem; }
.button-quiet:hover { background: #eff6ff; color: var(--accent-dark); }

.site-footer { max-width: 64rem; margin: 0 auto; padding: 0 1rem 2rem; color: var(--muted); font-size: .875rem; }

.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.small { font-size: .875rem; }
.plain { list-style: none; margin: 0; padding: 0; }
.plain li + li { margin-top: .35rem; }
.stack > .card:last-child { margin-bottom: 0; }
.stack { display: grid; gap: 1rem; }
.stack > .card { margin-bottom: 0; }
.card-list { list-style: none; margin: 0; padding: 0; }
/* Requests and messages (issue 16): a client's or a team's words keep their line breaks; the thread reads as a list. */
.plain-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.thread { list-style: none; margin: 0; padding: 0; }
.thread > li { padding: .75rem 0; border-top: 1px solid var(--line); }
.thread > li:first-child { border-top: 0; }
.thread .meta { font-size: .85rem; color: var(--muted); margin: 0 0 .25rem; }
.notice-warning { border-left: 4px solid #b45309; padding-left: .75rem; }
.card-list > li.card + li.card { margin-top: 1rem; }
.card-list > li:not(.card) { padding: .75rem 0; border-top: 1px solid var(--line); }
.card-list > li:not(.card):first-child { border-top: 0; padding-top: 0; }

.site-nav { max-width: 64rem; margin: 0 auto; padding: 0 1rem; }
.site-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem; }
.site-nav a { display: inline-block; padding: .5rem .75rem; border-bottom: 3px solid transparent; text-decoration: none; font-weight: 600; }
.site-nav a[aria-current="page"] { border-bottom-color: var(--accent); color: var(--fg); }

.badge { display: inline-block; padding: .1rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; vertical-align: middle; white-space: nowrap; }
.badge-open, .badge-status-blue { color: #1e40af; background: #eff6ff; }
.badge-overdue, .badge-status-red { color: #991b1b; background: #fef2f2; }
.badge-partially_paid, .badge-status-yellow { color: #854d0e; background: #fefce8; }
.badge-paid, .badge-status-green, .badge-status-complete { color: #166534; background: #f0fdf4; }
.badge-void { color: #374151; background: #f3f4f6; }

.progress-line { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
progress { width: 12rem; max-width: 100%; height: .9rem; accent-color: var(--accent); }

.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 10px; margin-bottom: .5rem; }
.card .table-wrap { border: 0; border-radius: 0; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; padding: .75rem 1rem; font-weight: 600; }
th, td { text-align: left; padding: .55rem 1rem; border-top: 1px solid var(--line); vertical-align: top; }
thead th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot th { text-align: right; }
/* Short cells never wrap mid-value ("1 Dec 2026", "INV-001"); the region scrolls sideways on a phone instead. */
table.compact th, table.compact td { white-space: nowrap; }

.filter { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; }
select, input[type="text"], input[type="email"] { font: inherit; min-height: 2.5rem; padding: .35rem .6rem; border: 1px solid #6b7280; border-radius: 6px; background: #fff; color: var(--fg); max-width: 100%; }
.field { margin: 0 0 1rem; border: 0; padding: 0; }
.field label, .field legend { display: block; font-weight: 600; margin-bottom: .25rem; }
.field input[type="text"], .field input[type="email"] { width: 100%; max-width: 28rem; }
.choice { display: flex; gap: .5rem; align-items: baseline; margin: .25rem 0; }
.choice label { font-weight: 400; margin: 0; }
.field-error { color: #991b1b; font-weight: 600; }
[aria-invalid="true"] { border-color: #991b1b; border-width: 2px; }
.notice { background: #f0fdf4; border: 1px solid #166534; color: #14532d; padding: .6rem .9rem; border-radius: 8px; }
.notice-stale { background: #fffbeb; border-color: #92400e; color: #78350f; margin-bottom: 1rem; }
.notice-stale p { margin: .2rem 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1rem; }
.row-actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .5rem; }
.inline-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0; }
.button-danger { background: var(--card); color: #991b1b; border-color: #991b1b; min-height: 2.5rem; padding: .4rem .9rem; }
.button-danger:hover { background: #fef2f2; }

.timeline { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 3px solid var(--line); }
.timeline-item { position: relative; padding: 0 0 1rem .75rem; }
.timeline-item::before { content: ""; position: absolute; left: -1.55rem; top: .35rem; width: .8rem; height: .8rem; border-radius: 50%; background: var(--card); border: 3px solid var(--accent); }
.timeline-item.milestone::before { border-radius: 2px; transform: rotate(45deg); background: var(--accent); }
.timeline-item p { margin: 0 0 .2rem; }
.timeline-date { font-size: .875rem; color: var(--muted); }
.pager { display: flex; gap: 1rem; align-items: center; justify-content: center; margin-top: 1rem; }

.brand-logo { height: 2rem; width: auto; max-width: 10rem; object-fit: contain; }
.account-link { font-weight: 600; }
.qr { display: block; width: 200px; height: 200px; margin: .5rem 0 1rem; }
.secret { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 1.05rem; letter-spacing: .05em; overflow-wrap: anywhere; }
.codes { columns: 2; column-gap: 2rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 1.05rem; padding-left: 1.5rem; }
.field input[type="password"], .field input[type="text"].code, input[type="password"] { font: inherit; min-height: 2.5rem; padding: .35rem .6rem; border: 1px solid #6b7280; border-radius: 6px; background: #fff; color: var(--fg); width: 100%; max-width: 28rem; }
.error-box { background: #fef2f2; border: 1px solid #991b1b; color: #7f1d1d; padding: .6rem .9rem; border-radius: 8px; }
.hint { color: var(--muted); font-size: .875rem; margin: .25rem 0 0; }
.or { color: var(--muted); margin: 1rem 0; }

@media (max-width: 48rem) {
  .grid { grid-template-columns: minmax(0, 1fr); }
  main { padding: 1rem .75rem 1.5rem; }
  h1 { font-size: 1.5rem; }
  .card { padding: 1rem; }
  th, td { padding: .5rem .6rem; }
  .site-nav { padding: 0 .5rem; }
  .site-nav a { padding: .4rem .5rem; }
}
`;

export const PORTAL_CSS = portalCss();
