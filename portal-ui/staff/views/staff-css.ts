/** What the console needs beyond the portal's stylesheet (served from /staff/assets/staff.css: the CSP allows no inline style). */
export const STAFF_CSS = `
.notice-error { background: #fef2f2; border-color: #991b1b; color: #7f1d1d; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875rem; overflow-wrap: anywhere; }
.wrap-anywhere { overflow-wrap: anywhere; white-space: normal; }
.provider-grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
.provider-grid > .card { margin-bottom: 0; }
.status-active { color: #166534; background: #f0fdf4; }
.status-unhealthy, .status-failed { color: #991b1b; background: #fef2f2; }
.status-disconnected, .status-interrupted, .status-rate_limited { color: #374151; background: #f3f4f6; }
.status-running { color: #1e40af; background: #eff6ff; }
.status-succeeded { color: #166534; background: #f0fdf4; }
.hint { border-left: 4px solid #b45309; padding-left: .75rem; }
.filters { display: grid; gap: .5rem 1rem; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); align-items: end; }
.filters .field { margin: 0; }
.filters input { width: 100%; }
input[type="password"], input[type="datetime-local"], input[type="date"], textarea { font: inherit; min-height: 2.5rem; padding: .35rem .6rem; border: 1px solid #6b7280; border-radius: 6px; background: #fff; color: var(--fg); max-width: 100%; }
.field input[type="password"] { width: 100%; max-width: 28rem; }
.as-client { border: 3px dashed #b45309; border-radius: 10px; padding: 1rem; background: var(--bg); }
details > summary { cursor: pointer; font-weight: 600; }
`;
