import { html, type SafeHtml } from './html.js';
import type { NavItem } from '../../src/portal-access/portal-permissions.js';
import { csrfField } from './form-fields.js';

export interface SignedInUser {
  name: string;
  email: string;
  /** Put in the sign-out form: sign-out changes state, so it is a POST with the session's token. */
  csrfToken: string;
  /** The zone stored for the user: the portal script sends the browser's when it differs. */
  timeZone?: string;
}

export interface LayoutInput {
  businessName: string;
  /** The business's logo (config `portal.logoUrl`), beside its name in the header. */
  logoUrl?: string;
  title: string;
  body: SafeHtml;
  user?: SignedInUser | null;
  /** The pages this user's role may open (see access/portal-permissions.ts); none when signed out. */
  navigation?: NavItem[];
  navKey?: string;
}

/** The one page frame: landmarks, the business's name, and the account menu once signed in. */
export function layout({ businessName, logoUrl, title, body, user, navigation = [], navKey }: LayoutInput): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} · ${businessName}</title>
<link rel="stylesheet" href="/assets/portal.css">
${user ? html`<meta name="csrf-token" content="${user.csrfToken}">
<script src="/assets/portal.js" defer></script>` : ''}
</head>
<body${user ? html` data-time-zone="${user.timeZone ?? 'UTC'}"` : ''}>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="bar">
    <a class="brand" href="/">${logoUrl ? html`<img class="brand-logo" src="${logoUrl}" alt="">` : ''}<span>${businessName} <span class="brand-sub">Client portal</span></span></a>
    ${user
      ? html`<nav class="account" aria-label="Account">
      <p class="who"><span class="who-name">${user.name}</span> <span class="who-email">${user.email}</span></p>
      <a class="account-link" href="/account"${navKey === 'account' ? html` aria-current="page"` : ''}>Account settings</a>
      <form method="post" action="/auth/sign-out">
        ${csrfField(user.csrfToken)}
        <button type="submit" class="button button-quiet">Sign out</button>
      </form>
    </nav>`
      : ''}
  </div>
  ${navigation.length > 0
    ? html`<nav class="site-nav" aria-label="Portal"><ul>${navigation.map(
        (item) => html`<li><a href="${item.href}"${item.key === navKey ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
      )}</ul></nav>`
    : ''}
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site-footer"><p>${businessName} client portal. Questions? Write to your account manager.</p></footer>
</body>
</html>
`.value;
}
