/**
 * The portal's one stylesheet, served from /assets/portal.css because the Content-Security-Policy
 * allows no inline styles. Colours meet WCAG AA contrast on their backgrounds (text ≥ 4.5:1).
 */
export const PORTAL_CSS = `
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
.brand { font-weight: 700; font-size: 1.1rem; color: var(--fg); text-decoration: none; }
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
.facts dd { margin: 0; font-weight: 600; }
.breadcrumb { margin-bottom: .5rem; }

.button { display: inline-block; min-height: 2.75rem; padding: .6rem 1.2rem; background: var(--accent); color: #fff; border: 2px solid var(--accent); border-radius: 8px; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
.button:hover { background: var(--accent-dark); border-color: var(--accent-dark); }
.button-quiet { background: var(--card); color: var(--accent); min-height: 2.5rem; padding: .4rem .9rem; }
.button-quiet:hover { background: #eff6ff; color: var(--accent-dark); }

.site-footer { max-width: 64rem; margin: 0 auto; padding: 0 1rem 2rem; color: var(--muted); font-size: .875rem; }

@media (max-width: 48rem) {
  .grid { grid-template-columns: minmax(0, 1fr); }
  main { padding: 1rem .75rem 1.5rem; }
  h1 { font-size: 1.5rem; }
  .card { padding: 1rem; }
}
`;
