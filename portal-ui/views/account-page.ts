import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { SignInPolicy } from '../../src/config/portal-config.js';
import { roleLabel } from '../../src/portal-access/portal-permissions.js';
import type { NotifyMode } from '../../src/notifications/set-notification-mode.js';
import { csrfField, field } from './form-fields.js';
import { momentTag } from './time-tags.js';

export const ACCOUNT_NOTICES = {
  notifications_saved: 'Your email preferences are saved.',
  password_set: 'Your password is saved. You were signed out everywhere else.',
  two_factor_off: 'Two-step verification is off.',
} as const;

export interface AccountView {
  name: string;
  email: string;
  role: string;
  clientName: string;
  csrfToken: string;
  policy: SignInPolicy;
  notifyMode: NotifyMode;
  hasPassword: boolean;
  passwordChangedAt: number | null;
  twoFactor: { on: boolean; required: boolean; recoveryCodesLeft: number };
  notice: string | null;
  codeError?: { form: 'disable' | 'codes'; message: string } | null;
}

const MODES: { value: NotifyMode; label: string; hint: string }[] = [
  { value: 'off', label: 'No emails', hint: 'Check the portal when you like.' },
  { value: 'immediate', label: 'Right away', hint: 'An email soon after something changes.' },
  { value: 'daily', label: 'Daily summary', hint: 'One email a day, only when something changed.' },
];

/** The signed-in person's own account: who they are, what we email them, how they sign in. */
export function accountPage(view: AccountView): PageContent {
  return {
    title: 'Account settings',
    navKey: 'account',
    body: html`<h1>Account settings</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<section class="card" aria-labelledby="profile-heading">
  <h2 id="profile-heading">Your profile</h2>
  <dl class="facts">
    <div><dt>Name</dt><dd>${view.name}</dd></div>
    <div><dt>Email</dt><dd>${view.email}</dd></div>
    <div><dt>Company</dt><dd>${view.clientName}</dd></div>
    <div><dt>Role</dt><dd>${roleLabel(view.role)}</dd></div>
  </dl>
  <p class="hint">To change your name or email address, ask an administrator of your company or your account manager.</p>
</section>
<section class="card" aria-labelledby="notify-heading">
  <h2 id="notify-heading">Email updates</h2>
  <form method="post" action="/account/notifications">
    ${csrfField(view.csrfToken)}
    <fieldset class="field">
      <legend>When something changes in your portal (an invoice, a payment, a milestone)</legend>
      ${MODES.map((mode) => html`<div class="choice"><input type="radio" id="notify-${mode.value}" name="mode" value="${mode.value}"${mode.value === view.notifyMode ? html` checked` : ''}> <label for="notify-${mode.value}">${mode.label}: ${mode.hint}</label></div>`)}
    </fieldset>
    <button type="submit" class="button">Save email preferences</button>
  </form>
</section>
<section class="card" aria-labelledby="security-heading">
  <h2 id="security-heading">Signing in</h2>
  ${view.policy === 'magic_link' ? html`<p>You sign in with a link we email you; no password to remember.</p>` : passwordPart(view)}
  ${twoFactorPart(view)}
  <p><a href="/account/sessions">See where you are signed in</a></p>
</section>`,
  };
}

function passwordPart(view: AccountView): SafeHtml {
  return html`<h3>Password</h3>
  <p>${view.hasPassword ? html`You have a password${view.passwordChangedAt ? html`, last changed ${momentTag(view.passwordChangedAt)}` : ''}.` : 'You have no password yet; you sign in with emailed links.'}</p>
  <p><a href="/account/password">${view.hasPassword ? 'Change your password' : 'Choose a password'}</a></p>`;
}

function twoFactorPart(view: AccountView): SafeHtml {
  const { twoFactor } = view;
  if (!twoFactor.on) {
    return html`<h3>Two-step verification</h3>
  <p>Off. Add a code from your phone to every sign-in, so a stolen password or email account is not enough.</p>
  <p><a href="/auth/two-factor/enrol">Set up two-step verification</a></p>`;
  }
  const error = (form: 'disable' | 'codes') => (view.codeError?.form === form ? view.codeError.message : null);
  return html`<h3>Two-step verification</h3>
  <p>On. ${twoFactor.recoveryCodesLeft} recovery code${twoFactor.recoveryCodesLeft === 1 ? '' : 's'} left.${twoFactor.required ? ' Your organisation requires it.' : ''}</p>
  <form method="post" action="/account/two-factor/recovery-codes" novalidate>
    ${csrfField(view.csrfToken)}
    ${field({ id: 'codes-code', name: 'code', label: 'Code from your app, to make new recovery codes', type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 20, error: error('codes') })}
    <button type="submit" class="button button-quiet">Make new recovery codes</button>
  </form>
  ${twoFactor.required
    ? ''
    : html`<form method="post" action="/account/two-factor/disable" novalidate>
    ${csrfField(view.csrfToken)}
    ${field({ id: 'disable-code', name: 'code', label: 'Code from your app, to turn two-step verification off', type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 20, error: error('disable') })}
    <button type="submit" class="button button-danger">Turn off two-step verification</button>
  </form>`}`;
}

export const PASSWORD_PROBLEMS: Record<string, string> = {
  too_short: 'Use at least 12 characters. A few unrelated words make a strong password that is easy to remember.',
  too_long: 'Use at most 128 characters.',
  mismatch: 'The two new passwords do not match.',
  contains_email: 'Do not build your password from your email address.',
  common: 'This password is too easy to guess. Choose something less common.',
  wrong_current: 'Your current password is not right.',
};

/** Choosing or changing a password (password and either policies). */
export function passwordPage(input: { csrfToken: string; hasPassword: boolean; required: boolean; error?: { field: 'current' | 'password'; message: string } | null }): PageContent {
  const error = (name: 'current' | 'password') => (input.error?.field === name ? input.error.message : null);
  return {
    title: input.hasPassword ? 'Change your password' : 'Choose a password',
    navKey: 'account',
    body: html`<h1>${input.hasPassword ? 'Change your password' : 'Choose a password'}</h1>
${input.required ? html`<p class="lead">Your organisation signs in with passwords. Choose yours to continue.</p>` : ''}
<section class="card">
  <form method="post" action="/account/password" novalidate>
    ${csrfField(input.csrfToken)}
    ${input.hasPassword ? field({ id: 'current-password', name: 'current', label: 'Current password', type: 'password', autocomplete: 'current-password', maxlength: 128, error: error('current') }) : ''}
    ${field({ id: 'new-password', name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', maxlength: 128, error: error('password'), hint: 'At least 12 characters. Long beats complicated.' })}
    ${field({ id: 'confirm-password', name: 'confirmation', label: 'New password again', type: 'password', autocomplete: 'new-password', maxlength: 128 })}
    <button type="submit" class="button">Save password</button>
  </form>
  <p class="hint">Saving signs you out on every other device.</p>
</section>
${input.required ? '' : html`<p><a href="/account">Back to your account</a></p>`}`,
  };
}
