import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { SignInPolicy } from '../../src/config/portal-config.js';
import { field, minutesFromNow } from './form-fields.js';

export interface SignInView {
  businessName: string;
  policy: SignInPolicy;
  /** What was typed, shown again after a mistake. */
  email?: string;
  /** Which form the error belongs to. */
  linkError?: string | null;
  passwordError?: string | null;
}

/**
 * GET /: how to get in, for someone without a session. The workspace's policy decides the forms:
 * magic_link (the default) only asks for an email address; password asks for the password, with a
 * link by email as the way to choose a new one; either offers both, the link first.
 */
export function signInPage(view: SignInView | string): PageContent {
  const v: SignInView = typeof view === 'string' ? { businessName: view, policy: 'magic_link' } : view;
  const linkForm = (heading: string, intro: string, button: string) => html`<section class="card" aria-labelledby="link-heading">
  <h2 id="link-heading">${heading}</h2>
  <p>${intro}</p>
  ${v.linkError ? html`<p class="error-box" role="alert">${v.linkError}</p>` : ''}
  <form method="post" action="/auth/sign-in/link" novalidate>
    ${field({ id: 'link-email', name: 'email', label: 'Email address', type: 'email', autocomplete: 'email', value: v.email, maxlength: 254 })}
    <button type="submit" class="button">${button}</button>
  </form>
  <p class="hint">The link works once, for 10 minutes. Open it in this browser to sign in with one press.</p>
</section>`;
  const passwordForm: SafeHtml = html`<section class="card" aria-labelledby="password-heading">
  <h2 id="password-heading">Sign in with your password</h2>
  ${v.passwordError ? html`<p class="error-box" role="alert">${v.passwordError}</p>` : ''}
  <form method="post" action="/auth/sign-in/password" novalidate>
    ${field({ id: 'password-email', name: 'email', label: 'Email address', type: 'email', autocomplete: 'username', value: v.email, maxlength: 254 })}
    ${field({ id: 'password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', maxlength: 128 })}
    <button type="submit" class="button">Sign in</button>
  </form>
</section>`;
  const body =
    v.policy === 'password'
      ? html`${passwordForm}${linkForm('Forgot your password, or have none yet?', 'We can email you a link that signs you in; then choose a new password.', 'Email me a sign-in link')}`
      : v.policy === 'either'
        ? html`${linkForm('Get a sign-in link', 'Enter your email address and we will send you a link that signs you in, no password needed.', 'Email me a sign-in link')}${passwordForm}`
        : linkForm('Get a sign-in link', 'Enter your email address and we will send you a link that signs you in, no password needed.', 'Email me a sign-in link');
  return {
    title: 'Sign in',
    body: html`<h1>Sign in to ${v.businessName}</h1>
${body}
<p class="note">First time here? Open the invitation email from ${v.businessName}: its link signs you in.</p>`,
  };
}

/** After "Email me a sign-in link": the same page whether or not the address has an account. */
export function linkSentPage(): PageContent {
  return {
    title: 'Check your email',
    body: html`<h1>Check your email</h1>
<section class="card" role="status">
  <p>If this address has access to the portal, we have emailed it a sign-in link.</p>
  <p>The link works once, for 10 minutes. Open it in this browser to sign in with one press; in another browser you will be asked to confirm your email address.</p>
  <p class="hint">Nothing arrived after a few minutes? Check your spam folder, or <a href="/">ask for a new link</a>.</p>
</section>`,
  };
}

/** Too many attempts for this address or from this network: the same answer for known and unknown addresses. */
export function throttledPage(retryAfterMs: number): PageContent {
  return {
    title: 'Too many attempts',
    body: html`<h1>Too many attempts</h1>
<section class="card" role="alert">
  <p>For your security, signing in is paused for a while after several attempts. Please try again in ${minutesFromNow(retryAfterMs)}.</p>
  <p>If you did not make these attempts, nothing is lost: your account stays safe.</p>
  <p><a href="/">Go to the sign-in page</a></p>
</section>`,
  };
}

/** 503: too many password checks queued at this moment; nothing was checked or counted. */
export function signInBusyPage(retryAfterMs: number): PageContent {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return {
    title: 'Busy, try again shortly',
    body: html`<h1>Busy, try again shortly</h1>
<section class="card" role="alert">
  <p>We are checking a lot of sign-ins right now and could not check yours. Nothing was counted against you: please try again in ${seconds} seconds.</p>
  <p><a href="/">Go to the sign-in page</a></p>
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

/**
 * A sign-in link opened in a browser other than the one that asked for it: one more step, typing
 * the address it was sent to. A forwarded or intercepted link alone does not sign anyone in.
 */
export function confirmOtherBrowserPage(businessName: string, token: string, error: string | null): PageContent {
  return {
    title: 'Confirm it is you',
    body: html`<h1>Confirm it is you</h1>
<section class="card">
  <p>This sign-in link was asked for in another browser. To sign in to ${businessName} here instead, type the email address the link was sent to.</p>
  ${error ? html`<p class="error-box" role="alert">${error}</p>` : ''}
  <form method="post" action="/auth/link" novalidate>
    <input type="hidden" name="token" value="${token}">
    ${field({ id: 'confirm-email', name: 'email', label: 'Your email address', type: 'email', autocomplete: 'email', maxlength: 254 })}
    <button type="submit" class="button">Continue to the portal</button>
  </form>
  <p class="hint">Did not ask for a link? Close this page; nobody can sign in without it.</p>
</section>`,
  };
}

/** Every failure to use a link looks the same: it must not tell a guesser which tokens exist. */
export function linkExpiredPage(): PageContent {
  return {
    title: 'Link expired',
    body: html`<h1>This link has expired or was already used</h1>
<section class="card">
  <p>Sign-in links work once and only for a limited time. You can ask for a new one on the sign-in page, or ask your account manager to send you a new invitation.</p>
  <p><a href="/">Go to the sign-in page</a></p>
</section>`,
  };
}

export function signedOutPage(): PageContent {
  return {
    title: 'Signed out',
    body: html`<h1>You have signed out</h1>
<section class="card">
  <p>To come back, ask for a sign-in link on the sign-in page, or open the link in your invitation email.</p>
  <p><a href="/">Go to the sign-in page</a></p>
</section>`,
  };
}
