import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { Colleague } from '../../src/team/load-team.js';
import type { InviteForm } from '../../src/team/invite-colleague.js';
import { PORTAL_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, roleLabel } from '../../src/portal-access/portal-permissions.js';
import { dayTag, momentTag } from './time-tags.js';
import { csrfField } from './form-fields.js';

export const TEAM_NOTICES = {
  invited: 'Invitation sent. The link works once, for 7 days.',
  resent: 'A new invitation was sent; the previous link no longer works.',
  revoked: 'The invitation was withdrawn; its link no longer works.',
  role_changed: 'Role changed. It applies from their next click.',
  removed: 'Access removed. They were signed out at once.',
} as const;
export type TeamNotice = keyof typeof TEAM_NOTICES;

export interface TeamView {
  colleagues: Colleague[];
  me: { userId: number; csrfToken: string };
  canManage: boolean;
  notice: string | null;
  /** The invite form as submitted, with what was wrong, when it is shown again. */
  invite?: { values: Partial<InviteForm>; errors: Partial<Record<keyof InviteForm, string>>; message?: string };
}

export function teamPage(view: TeamView): PageContent {
  return {
    title: 'Team',
    navKey: 'team',
    body: html`<h1>Team</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<p class="lead">People at your company with access to this portal.${view.canManage ? '' : ' Ask an administrator to invite someone or change a role.'}</p>
<section class="card" aria-labelledby="people-heading">
  <h2 id="people-heading">People</h2>
  <ul class="card-list">${view.colleagues.map((c) => personItem(c, view))}</ul>
</section>
${view.canManage ? inviteForm(view) : ''}`,
  };
}

function personItem(person: Colleague, view: TeamView): SafeHtml {
  const self = person.userId === view.me.userId;
  const csrf = csrfField(view.me.csrfToken);
  return html`<li class="person-row">
  <p><strong>${person.name}</strong>${self ? ' (you)' : ''} <span class="muted">${person.email}</span></p>
  <p class="small">${roleLabel(person.role)} · ${person.status === 'invited'
    ? html`Invited${person.invitationExpiresAt ? html`, link valid until ${dayTag(new Date(person.invitationExpiresAt).toISOString())}` : ', link expired'}`
    : person.lastSignInAt ? html`Last signed in ${momentTag(person.lastSignInAt)}` : 'Active'}</p>
  ${view.canManage && !self
    ? html`<div class="row-actions">
    <form method="post" action="/team/${person.userId}/role" class="inline-form">
      ${csrf}
      <label for="role-${person.userId}" class="visually-hidden">Role for ${person.name}</label>
      <select id="role-${person.userId}" name="role">${PORTAL_ROLES.map((role) => html`<option value="${role}"${role === person.role ? html` selected` : ''}>${ROLE_LABELS[role]}</option>`)}</select>
      <button type="submit" class="button button-quiet">Change role<span class="visually-hidden"> of ${person.name}</span></button>
    </form>
    ${person.status === 'invited'
      ? html`<form method="post" action="/team/${person.userId}/resend" class="inline-form">${csrf}<button type="submit" class="button button-quiet">Resend invitation<span class="visually-hidden"> to ${person.name}</span></button></form>
    <form method="post" action="/team/${person.userId}/revoke" class="inline-form">${csrf}<button type="submit" class="button button-quiet">Withdraw invitation<span class="visually-hidden"> of ${person.name}</span></button></form>`
      : html`<form method="post" action="/team/${person.userId}/remove" class="inline-form">${csrf}<button type="submit" class="button button-danger">Remove<span class="visually-hidden"> ${person.name}</span></button></form>`}
  </div>`
    : ''}
</li>`;
}

function inviteForm(view: TeamView): SafeHtml {
  const values = view.invite?.values ?? {};
  const errors = view.invite?.errors ?? {};
  const field = (name: 'email' | 'name', label: string, type: string, autocomplete: string) => html`<div class="field">
    <label for="invite-${name}">${label}</label>
    ${errors[name] ? html`<p class="field-error" id="invite-${name}-error">${errors[name]}</p>` : ''}
    <input id="invite-${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" required maxlength="${name === 'email' ? 254 : 120}" value="${values[name] ?? ''}"${errors[name] ? html` aria-invalid="true" aria-describedby="invite-${name}-error"` : ''}>
  </div>`;
  return html`<section class="card" aria-labelledby="invite-heading">
  <h2 id="invite-heading">Invite a colleague</h2>
  ${view.invite?.message ? html`<p class="field-error" role="alert">${view.invite.message}</p>` : ''}
  <form method="post" action="/team/invite" novalidate>
    ${csrfField(view.me.csrfToken)}
    ${field('name', 'Name', 'text', 'off')}
    ${field('email', 'Email', 'email', 'off')}
    <fieldset class="field"${errors.role ? html` aria-describedby="invite-role-error"` : ''}>
      <legend>Role</legend>
      ${errors.role ? html`<p class="field-error" id="invite-role-error">${errors.role}</p>` : ''}
      ${PORTAL_ROLES.map((role) => html`<div class="choice"><input type="radio" id="invite-role-${role}" name="role" value="${role}"${(values.role ?? 'member') === role ? html` checked` : ''}> <label for="invite-role-${role}">${ROLE_LABELS[role]}: ${ROLE_DESCRIPTIONS[role]}</label></div>`)}
    </fieldset>
    <button type="submit" class="button">Send invitation</button>
  </form>
  <p class="muted small">They get an email with a personal link that works once, for 7 days.</p>
</section>`;
}
