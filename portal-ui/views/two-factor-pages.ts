import { html, SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { EnrolmentView } from '../../src/portal-auth/manage-two-factor.js';
import { csrfField, field } from './form-fields.js';

function cancelForm(csrfToken: string): SafeHtml {
  return html`<form method="post" action="/auth/sign-out">${csrfField(csrfToken)}<button type="submit" class="button button-quiet">Cancel and sign out</button></form>`;
}

/** The second step of signing in: the code from the authenticator app, or a recovery code. */
export function twoFactorPage(input: { csrfToken: string; codeError?: string | null; recoveryError?: string | null }): PageContent {
  return {
    title: 'Two-step verification',
    body: html`<h1>Two-step verification</h1>
<section class="card" aria-labelledby="code-heading">
  <h2 id="code-heading">Enter the code from your authenticator app</h2>
  ${input.codeError ? html`<p class="error-box" role="alert">${input.codeError}</p>` : ''}
  <form method="post" action="/auth/two-factor" novalidate>
    ${csrfField(input.csrfToken)}
    ${field({ id: 'totp-code', name: 'code', label: '6-digit code', type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 7 })}
    <button type="submit" class="button">Verify</button>
  </form>
</section>
<section class="card" aria-labelledby="recovery-heading">
  <h2 id="recovery-heading">Lost your phone?</h2>
  <p>Use one of the recovery codes you saved when you set up two-step verification. Each code works once.</p>
  ${input.recoveryError ? html`<p class="error-box" role="alert">${input.recoveryError}</p>` : ''}
  <form method="post" action="/auth/two-factor/recovery" novalidate>
    ${csrfField(input.csrfToken)}
    ${field({ id: 'recovery-code', name: 'code', label: 'Recovery code', type: 'text', autocomplete: 'off', maxlength: 20 })}
    <button type="submit" class="button button-quiet">Use recovery code</button>
  </form>
</section>
${cancelForm(input.csrfToken)}`,
  };
}

/** Setting up TOTP: the QR code, the secret written out, and the first code to confirm. */
export function enrolPage(input: { csrfToken: string; enrolment: EnrolmentView; required: boolean; error?: string | null; signedIn: boolean }): PageContent {
  return {
    title: 'Set up two-step verification',
    navKey: input.signedIn ? 'account' : undefined,
    body: html`<h1>Set up two-step verification</h1>
${input.required ? html`<p class="lead">Your organisation asks everyone to use two-step verification. It takes a minute, once.</p>` : html`<p class="lead">After your password or sign-in link, you will also enter a code from your phone.</p>`}
<section class="card" aria-labelledby="scan-heading">
  <h2 id="scan-heading">1. Scan this code with an authenticator app</h2>
  <p>Use any authenticator app, such as Google Authenticator, Microsoft Authenticator, 1Password or Authy.</p>
  ${new SafeHtml(input.enrolment.qrSvg.replace('<svg ', '<svg class="qr" '))}
  <p>Cannot scan it? Type this key into the app instead:</p>
  <p class="secret">${input.enrolment.secretGroups.join(' ')}</p>
</section>
<section class="card" aria-labelledby="confirm-heading">
  <h2 id="confirm-heading">2. Enter the code the app shows</h2>
  ${input.error ? html`<p class="error-box" role="alert">${input.error}</p>` : ''}
  <form method="post" action="/auth/two-factor/enrol" novalidate>
    ${csrfField(input.csrfToken)}
    ${field({ id: 'enrol-code', name: 'code', label: '6-digit code', type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 7 })}
    <button type="submit" class="button">Turn on two-step verification</button>
  </form>
</section>
${input.signedIn ? html`<p><a href="/account">Back to your account</a></p>` : cancelForm(input.csrfToken)}`,
  };
}

/** Shown once, right after they are made: the recovery codes. */
export function recoveryCodesPage(codes: string[], next: { href: string; label: string }, signedIn: boolean): PageContent {
  return {
    title: 'Your recovery codes',
    navKey: signedIn ? 'account' : undefined,
    body: html`<h1>Save your recovery codes</h1>
<p class="notice" role="status">Two-step verification is on.</p>
<section class="card" aria-labelledby="codes-heading">
  <h2 id="codes-heading">Recovery codes</h2>
  <p>If you lose your phone, each of these codes signs you in once instead of the app's code. Keep them somewhere safe, like a password manager. This is the only time we show them.</p>
  <ol class="codes">${codes.map((code) => html`<li>${code}</li>`)}</ol>
</section>
<p><a class="button" href="${next.href}">${next.label}</a></p>`,
  };
}
