import { html, type SafeHtml } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { ClientSummary, LinkedRecord } from '../loaders/load-clients.js';
import type { Colleague } from '../../../src/team/load-team.js';
import { roleLabel } from '../../../src/portal-access/portal-permissions.js';
import { csrfField, notice } from './staff-layout.js';
import { maybeMoment } from './staff-format.js';

export function clientsPage(clients: ClientSummary[], openReviews: number): PageContent {
  return {
    title: 'Clients',
    navKey: 'clients',
    body: html`<h1>Clients</h1>
<p class="lead">Every client, what each system links to it, and who has portal access.${openReviews > 0 ? html` <a href="/staff/reviews">${openReviews} record${openReviews === 1 ? '' : 's'} wait${openReviews === 1 ? 's' : ''} in the review queue.</a>` : ''}</p>
${clients.length === 0
  ? html`<section class="card"><p>No clients yet. A client is created when a deal is won in the CRM.</p></section>`
  : html`<div class="table-wrap"><table>
  <caption>Clients</caption>
  <thead><tr><th scope="col">Client</th><th scope="col">Linked records</th><th scope="col" class="num">Portal users</th></tr></thead>
  <tbody>${clients.map(
    (client) => html`<tr><th scope="row"><a href="/staff/clients/${client.id}">${client.name}</a>${client.status !== 'active' ? html` <span class="badge badge-void">${client.mergedIntoClientId ? `merged into #${client.mergedIntoClientId}` : client.status}</span>` : ''}</th>
    <td>${Object.keys(client.recordsByProvider).length === 0 ? html`<span class="muted">none</span>` : Object.entries(client.recordsByProvider).map(([provider, n]) => html`${provider}: ${n}<br>`)}</td>
    <td class="num">${client.portalUsers}</td></tr>`,
  )}</tbody></table></div>`}`,
  };
}

export interface ClientView {
  client: { id: number; name: string; status: string; mergedIntoClientId: number | null };
  records: LinkedRecord[];
  people: Colleague[];
  otherClients: { id: number; name: string }[];
  canLink: boolean;
  canMerge: boolean;
  canInvite: boolean;
  /** Display names of providers by id ("hubspot" → "HubSpot"), to say which CRM a person opted out in. */
  providerNames: Record<string, string>;
  csrfToken: string;
  message: { text: string; kind: 'ok' | 'error' } | null;
}

export function clientPage(view: ClientView): PageContent {
  const { client } = view;
  const providers = [...new Set(view.records.map((r) => r.provider))];
  return {
    title: client.name,
    navKey: 'clients',
    body: html`<p class="breadcrumb"><a href="/staff/clients">Clients</a></p>
<h1>${client.name}${client.status !== 'active' ? html` <span class="badge badge-void">${client.mergedIntoClientId ? `merged into #${client.mergedIntoClientId}` : client.status}</span>` : ''}</h1>
${view.message ? notice(view.message.text, view.message.kind) : ''}
<p><a href="/staff/clients/${client.id}/view-as">View the portal as this client sees it</a> <span class="small muted">(read-only; recorded in the audit log)</span></p>
<section class="card" aria-labelledby="records-heading">
  <h2 id="records-heading">Linked records</h2>
  ${view.records.length === 0 ? html`<p>No record is linked to this client.</p>` : providers.map((provider) => recordsTable(provider, view.records.filter((r) => r.provider === provider), view))}
</section>
<section class="card" aria-labelledby="people-heading">
  <h2 id="people-heading">Portal users and invitations</h2>
  ${view.people.length === 0 ? html`<p>Nobody has portal access.</p>` : html`<ul class="card-list">${view.people.map((person) => personItem(person, view))}</ul>`}
</section>
${view.canMerge && client.status === 'active' && view.otherClients.length > 0 ? mergeForm(view) : ''}`,
  };
}

function clientOptions(clients: { id: number; name: string }[]): SafeHtml {
  return html`${clients.map((c) => html`<option value="${c.id}">${c.name} (#${c.id})</option>`)}`;
}

function recordsTable(provider: string, records: LinkedRecord[], view: ClientView): SafeHtml {
  return html`<div class="table-wrap"><table>
  <caption>${provider}</caption>
  <thead><tr><th scope="col">Record</th><th scope="col">How it is linked</th>${view.canLink ? html`<th scope="col">Change</th>` : ''}</tr></thead>
  <tbody>${records.map(
    (record) => html`<tr>
    <th scope="row">${record.name}<br><span class="small muted">${record.kind} · ${record.objectType} ${record.externalId} · #${record.id}</span></th>
    <td>${record.method ?? 'provisioning'}${record.manual ? html` <span class="badge badge-void">manual${record.decidedBy ? ` by ${record.decidedBy}` : ''}</span>` : ''}${record.detail ? html`<br><span class="small mono">${record.detail}</span>` : ''}</td>
    ${view.canLink
      ? html`<td><div class="row-actions">
      <form method="post" action="/staff/records/${record.id}/link" class="inline-form">${csrfField(view.csrfToken)}<input type="hidden" name="back" value="${view.client.id}">
        <label for="move-${record.id}" class="visually-hidden">Move ${record.name} to</label>
        <select id="move-${record.id}" name="clientId"><option value="none">no client</option>${clientOptions(view.otherClients)}</select>
        <button type="submit" class="button button-quiet" aria-label="Relink ${record.name}">Relink</button></form>
      ${record.manual ? html`<form method="post" action="/staff/records/${record.id}/release" class="inline-form">${csrfField(view.csrfToken)}<input type="hidden" name="back" value="${view.client.id}"><button type="submit" class="button button-quiet" aria-label="Release the manual decision on ${record.name}">Release</button></form>` : ''}
    </div></td>`
      : ''}
  </tr>`,
  )}</tbody></table></div>`;
}

function personItem(person: Colleague, view: ClientView): SafeHtml {
  if (person.status === 'invited' && person.invitationWithheldBy !== null) return withheldPersonItem(person, person.invitationWithheldBy, view);
  return html`<li><strong>${person.name}</strong> <span class="muted">${person.email}</span> · ${roleLabel(person.role)} · ${person.status === 'invited' ? html`invited, link valid until ${maybeMoment(person.invitationExpiresAt, 'expired')}` : html`last signed in ${maybeMoment(person.lastSignInAt, 'never')}`}
  ${view.canInvite && person.status === 'invited'
    ? html`<div class="row-actions">
    <form method="post" action="/staff/clients/${view.client.id}/users/${person.userId}/resend" class="inline-form">${csrfField(view.csrfToken)}<button type="submit" class="button button-quiet" aria-label="Resend invitation to ${person.name}">Resend invitation</button></form>
    <form method="post" action="/staff/clients/${view.client.id}/users/${person.userId}/revoke" class="inline-form">${csrfField(view.csrfToken)}<button type="submit" class="button button-danger" aria-label="Withdraw the invitation of ${person.name}">Withdraw</button></form>
  </div>`
    : ''}</li>`;
}

/** Someone provisioning did not invite, because the CRM says they opted out of email. */
function withheldPersonItem(person: Colleague, provider: string, view: ClientView): SafeHtml {
  const crm = view.providerNames[provider] ?? provider;
  return html`<li><strong>${person.name}</strong> <span class="muted">${person.email}</span> · ${roleLabel(person.role)} · <span class="badge badge-void">not invited</span> opted out of email in ${crm}
  ${view.canInvite
    ? html`<div class="row-actions">
    <form method="post" action="/staff/clients/${view.client.id}/users/${person.userId}/send-anyway" class="inline-form">${csrfField(view.csrfToken)}<button type="submit" class="button button-quiet" aria-label="Send the invitation to ${person.name} anyway, although they opted out of email in ${crm}">Send invitation anyway</button></form>
  </div>`
    : ''}</li>`;
}

function mergeForm(view: ClientView): SafeHtml {
  return html`<section class="card" aria-labelledby="merge-heading">
  <h2 id="merge-heading">Merge into another client</h2>
  <p>When two clients are one company: everything of ${view.client.name} (records, links, portal users) moves to the client you choose, and ${view.client.name} remains only as a pointer.</p>
  <form method="post" action="/staff/clients/${view.client.id}/merge">
    ${csrfField(view.csrfToken)}
    <div class="field"><label for="merge-into">Merge into</label><select id="merge-into" name="into">${clientOptions(view.otherClients)}</select></div>
    <div class="field"><label for="merge-confirm">Type <strong>merge</strong> to confirm</label><input type="text" id="merge-confirm" name="confirm" autocomplete="off"></div>
    <button type="submit" class="button button-danger">Merge</button>
  </form>
</section>`;
}
