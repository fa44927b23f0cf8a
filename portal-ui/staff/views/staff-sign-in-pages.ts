import { html } from '../../views/html.js';
import { field, minutesFromNow } from '../../views/form-fields.js';
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
  <p class="note">No staff account yet? The first owner is created on the server with <code>npx clienthub staff add you@example.com owner</code>, which prints a sign-in link.</p>
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

/** A staff link opened in a browser other than the one that asked for it: type the address it was sent to. */
export function staffConfirmOtherBrowserPage(token: string, error: string | null): PageContent {
  return {
    title: 'Confirm it is you',
    body: html`<h1>Confirm it is you</h1>
<section class="card">
  <p>This sign-in link was asked for in another browser. To sign in to the staff console here instead, type the work email address the link was sent to.</p>
  ${error ? html`<p class="error-box" role="alert">${error}</p>` : ''}
  <form method="post" action="/staff/auth/link" novalidate>
    <input type="hidden" name="token" value="${token}">
    ${field({ id: 'confirm-email', name: 'email', label: 'Your work email address', type: 'email', autocomplete: 'email', maxlength: 254 })}
    <button type="submit" class="button">Sign in to the console</button>
  </form>
  <p class="hint">Did not ask for a link? Close this page; nobody can sign in without it.</p>
</section>`,
  };
}

/** 429: too many link requests for this address or from this network. */
export function staffThrottledPage(retryAfterMs: number): PageContent {
  return {
    title: 'Too many requests',
    body: html`<h1>Too many requests</h1>
<section class="card" role="alert">
  <p>For your security, sign-in links are paused for a while after several requests. Links already sent still work. Please try again in ${minutesFromNow(retryAfterMs)}.</p>
  <p><a href="/staff/sign-in">Back to staff sign-in</a></p>
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
