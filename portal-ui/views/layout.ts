import { html, type SafeHtml } from './html.js';

export interface LayoutInput {
  businessName: string;
  title: string;
  body: SafeHtml;
  /** The signed-in person, with the CSRF token their sign-out form needs. */
  user?: { name: string; email: string; csrfToken: string };
}

export function layout({ businessName, title, body, user }: LayoutInput): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${businessName}</title>
<link rel="stylesheet" href="/assets/portal.css">
</head>
<body>
<header class="site-header">
  <a class="brand" href="/">${businessName} <span class="brand-sub">Client portal</span></a>
  ${user
    ? html`<nav aria-label="Account">
    <span class="who">${user.name} <span class="muted">(${user.email})</span></span>
    <form method="post" action="/auth/sign-out" class="inline">
      <input type="hidden" name="_csrf" value="${user.csrfToken}">
      <button type="submit" class="link-button">Sign out</button>
    </form>
  </nav>`
    : ''}
</header>
<main id="main">
${body}
</main>
</body>
</html>`.value;
}
