import { html } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';

export function staffSignInPage(state: { sent?: boolean; invalid?: boolean; email?: string } = {}): PageContent {
  return {
    title: 'Staff sign-in',
    body: html`<h1>Staff sign-in</h1>
${state.sent ? html`<p class="notice" role="status">If that address belongs to a staff member, a sign-in link is on its way. It works once, for 10 minutes.</p>` : ''}
<section class="card" aria-labelledby="link-heading">
  <h2 id="link-heading">Email me a sign-in link</h2>
  <form method="post" action="/staff/sign-in" novalidate>
    <div class="field">
      <label for="email">Work email</label>
      <input type="email" id="email" name="email" autocomplete="email" required value="${state.email ?? ''}"${state.invalid ? html` aria-invalid="true" aria-describedby="email-error"` : ''}>
      ${state.invalid ? html`<p id="email-error" class="field-error">Enter an email address, like name@example.com.</p>` : ''}
    </div>
    <button type="submit" class="button">Send the link</button>
  </form>
  <p class="note">No staff account yet? The first owner is created on the server with <code>clienthub staff add you@example.com owner</code>, which prints a sign-in link.</p>
</section>`,
  };
}

export function staffConfirmLinkPage(token: string): PageContent {
  return {
    title: 'Staff sign-in',
    body: html`<h1>Sign in to the staff console</h1>
<section class="card">
  <p>Press the button to sign in. Your link works once.</p>
  <form method="post" action="/staff/auth/link">
    <input type="hidden" name="token" value="${token}">
    <button type="submit" class="button">Sign in to the console</button>
  </form>
</section>`,
  };
}

export function staffLinkExpiredPage(): PageContent {
  return {
    title: 'Link expired',
    body: html`<h1>This link has expired or was already used</h1>
<section class="card"><p>Staff sign-in links work once and for 10 minutes.</p><p><a href="/staff/sign-in">Ask for a new link</a></p></section>`,
  };
}

export function staffSignedOutPage(): PageContent {
  return { title: 'Signed out', body: html`<h1>You have signed out of the console</h1><section class="card"><p><a href="/staff/sign-in">Sign in again</a></p></section>` };
}
