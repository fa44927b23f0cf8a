/** The portal's one stylesheet, served from /assets/portal.css (the CSP allows no inline styles). */
export const PORTAL_CSS = `
:root { --fg: #1f2937; --muted: #4b5563; --accent: #1d4ed8; --bg: #f8fafc; --card: #ffffff; --line: #d1d5db; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
.site-header { display: flex; flex-wrap: wrap; gap: .75rem; justify-content: space-between; align-items: center; padding: .75rem 1.25rem; background: var(--card); border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; color: var(--fg); text-decoration: none; }
.brand-sub { font-weight: 400; color: var(--muted); margin-left: .35rem; }
nav { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
main { max-width: 60rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 0 0 .75rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
.muted { color: var(--muted); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .5rem .25rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
a { color: var(--accent); }
a:focus, button:focus { outline: 3px solid #93c5fd; outline-offset: 2px; }
.button { display: inline-block; padding: .6rem 1.1rem; background: var(--accent); color: #fff; border: 0; border-radius: 6px; font: inherit; cursor: pointer; text-decoration: none; }
.link-button { background: none; border: 0; padding: 0; font: inherit; color: var(--accent); text-decoration: underline; cursor: pointer; }
form.inline { display: inline; }
@media (max-width: 40rem) { main { padding: .75rem; } th.hide-narrow, td.hide-narrow { display: none; } }
`;
