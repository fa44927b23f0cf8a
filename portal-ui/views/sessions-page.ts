import { html } from './html.js';
import type { PageContent } from './page-content.js';
import type { ActiveSession } from '../../src/team/load-team.js';
import { momentTag } from './time-tags.js';
import { csrfField } from './form-fields.js';

export const SESSION_NOTICES = {
  ended: 'That session has ended.',
  others_ended: 'You are now signed out everywhere else.',
} as const;

const METHODS: Record<NonNullable<ActiveSession['authMethod']>, string> = {
  invitation: 'an invitation link',
  sign_in_link: 'an emailed sign-in link',
  password: 'a password',
};

/** How the session signed in, and whether its second step is done: a waiting one may be someone else with your password. */
function describeSignIn(session: ActiveSession): string | null {
  const method = session.authMethod ? METHODS[session.authMethod] : null;
  if (session.mfaState === 'pending' || session.mfaState === 'enrol_required') return `Waiting for the two-step code${method ? ` after ${method}` : ''}. If this is not you, end it and change your password.`;
  if (session.mfaState === 'verified') return `Signed in with ${method ?? 'a link or password'} and a two-step code.`;
  return method ? `Signed in with ${method}.` : null;
}

export function sessionsPage(sessions: ActiveSession[], csrfToken: string, notice: string | null): PageContent {
  const others = sessions.filter((s) => !s.current);
  return {
    title: 'Your sessions',
    navKey: 'sessions',
    body: html`<h1>Your sessions</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p class="lead">Where you are signed in now. If you see a device you do not recognise, end its session.</p>
<section class="card" aria-labelledby="sessions-heading">
  <h2 id="sessions-heading">Signed-in browsers</h2>
  <ul class="card-list">${sessions.map(
    (session) => html`<li class="session">
    <p><strong>${session.userAgent ?? 'Unknown browser'}</strong>${session.current ? html` <span class="badge badge-paid">This browser</span>` : ''}</p>
    <p class="muted small">Signed in ${momentTag(session.createdAt)} · last active ${momentTag(session.lastSeenAt)}${session.ip ? html` · from ${session.ip}` : ''}</p>
    ${describeSignIn(session) ? html`<p class="small">${describeSignIn(session)}</p>` : ''}
    ${session.current
      ? ''
      : html`<form method="post" action="/account/sessions/${session.handle}/end">
      ${csrfField(csrfToken)}
      <button type="submit" class="button button-quiet">End this session</button>
    </form>`}
  </li>`,
  )}</ul>
  ${others.length > 0
    ? html`<form method="post" action="/account/sessions/end-others">
    ${csrfField(csrfToken)}
    <button type="submit" class="button">Sign out everywhere else</button>
  </form>`
    : html`<p>You are signed in only here.</p>`}
</section>`,
  };
}
