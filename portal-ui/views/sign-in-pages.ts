import { html } from './html.js';
import type { PageContent } from './page-content.js';

/** GET /: how to get in, for someone without a session. */
export function signInPage(businessName: string): PageContent {
  return {
    title: 'Sign in',
    body: html`<h1>Sign in to ${businessName}</h1>
<section class="card" aria-labelledby="how-heading">
  <h2 id="how-heading">Use the link from your email</h2>
  <p>Open the personal link in your invitation email from ${businessName}. It signs you in without a password.</p>
  <p class="note">Lost the email, or has the link expired? Ask your account manager to send you a new one. Requesting a link from this page is coming soon.</p>
</section>`,
  };
}

/**
 * GET /auth/link/:token: only a button. Mail scanners fetch links to check them; if the GET
 * signed in, a scanner would use up the link before the person ever clicked it.
 */
export function confirmLinkPage(businessName: string, token: string): PageContent {
  return {
    title: 'Sign in',
    body: html`<h1>Sign in to ${businessName}</h1>
<section class="card">
  <p>Press the button to open your client portal. Your link works once.</p>
  <form method="post" action="/auth/link">
    <input type="hidden" name="token" value="${token}">
    <button type="submit" class="button">Continue to the portal</button>
  </form>
</section>`,
  };
}

/** Every failure to use a link looks the same: it must not tell a guesser which tokens exist. */
export function linkExpiredPage(): PageContent {
  return {
    title: 'Link expired',
    body: html`<h1>This link has expired or was already used</h1>
<section class="card">
  <p>Sign-in links work once and only for a limited time. Ask your account manager to send you a new one.</p>
  <p><a href="/">Go to the sign-in page</a></p>
</section>`,
  };
}

export function signedOutPage(): PageContent {
  return {
    title: 'Signed out',
    body: html`<h1>You have signed out</h1>
<section class="card">
  <p>To come back, open the link in your invitation email or ask your account manager for a new one.</p>
  <p><a href="/">Go to the sign-in page</a></p>
</section>`,
  };
}
