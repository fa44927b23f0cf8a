import { html, type SafeHtml } from '../../views/html.js';
import { STAFF_ROLE_LABELS, type StaffRole } from '../../../src/staff/staff-permissions.js';
import { csrfField } from '../../views/form-fields.js';

export interface StaffLayoutInput {
  businessName: string;
  title: string;
  body: SafeHtml;
  navKey?: string;
  /** While a sync runs, the page reloads itself (no script needed). */
  refreshSeconds?: number;
  staff: { name: string; email: string; role: StaffRole; csrfToken: string } | null;
}

export const STAFF_NAVIGATION = [
  { key: 'connect', label: 'Connect', href: '/staff/connect' },
  { key: 'sync', label: 'Sync health', href: '/staff/sync' },
  { key: 'webhooks', label: 'Webhooks', href: '/staff/webhooks' },
  { key: 'dead-letters', label: 'Dead letters', href: '/staff/dead-letters' },
  { key: 'actions', label: 'Portal actions', href: '/staff/actions' },
  { key: 'clients', label: 'Clients', href: '/staff/clients' },
  { key: 'reviews', label: 'Review queue', href: '/staff/reviews' },
  { key: 'unlinked', label: 'Unlinked records', href: '/staff/unlinked' },
  { key: 'audit', label: 'Audit log', href: '/staff/audit' },
] as const;

/** The console's frame: the portal's stylesheet and landmarks, its own brand, navigation and sign-out. */
export function staffLayout({ businessName, title, body, navKey, refreshSeconds, staff }: StaffLayoutInput): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
${refreshSeconds ? html`<meta http-equiv="refresh" content="${refreshSeconds}">` : ''}
<title>${title} · ${businessName} staff console</title>
<link rel="stylesheet" href="/assets/portal.css">
<link rel="stylesheet" href="/staff/assets/staff.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="bar">
    <a class="brand" href="/staff">${businessName} <span class="brand-sub">Staff console</span></a>
    ${staff
      ? html`<nav class="account" aria-label="Account">
      <p class="who"><span class="who-name">${staff.name} <span class="badge badge-void">${STAFF_ROLE_LABELS[staff.role]}</span></span> <span class="who-email">${staff.email}</span></p>
      <form method="post" action="/staff/sign-out">
        ${csrfField(staff.csrfToken)}
        <button type="submit" class="button button-quiet">Sign out</button>
      </form>
    </nav>`
      : ''}
  </div>
  ${staff
    ? html`<nav class="site-nav" aria-label="Console"><ul>${STAFF_NAVIGATION.map(
        (item) => html`<li><a href="${item.href}"${item.key === navKey ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
      )}</ul></nav>`
    : ''}
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site-footer"><p>${businessName} staff console. Every action here is recorded in the audit log.</p></footer>
</body>
</html>
`.value;
}

/** The hidden field every console form carries: the same one as the portal's forms. */
export { csrfField };

/** A short notice at the top of a page after a redirect (?done=...). */
export function notice(text: string | null, kind: 'ok' | 'error' = 'ok'): SafeHtml | string {
  if (!text) return '';
  return html`<p class="${kind === 'ok' ? 'notice' : 'notice notice-error'}" role="${kind === 'ok' ? 'status' : 'alert'}">${text}</p>`;
}
