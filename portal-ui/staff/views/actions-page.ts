import { html, type SafeHtml } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { ClientActions, ConnectionWrites } from '../../../src/staff/read/load-portal-actions.js';
import type { PortalAction } from '../../../src/outbox/portal-action.js';
import { providerDisplayName } from '../../../src/connector-kit/provider-names.js';
import { csrfField, notice } from './staff-layout.js';
import { maybeMoment } from './staff-format.js';

export interface ActionsView {
  clients: ClientActions[];
  features: ConnectionWrites[];
  canRetry: boolean;
  csrfToken: string;
  message: { text: string; kind: 'ok' | 'error' } | null;
}

const OPERATION_LABELS: Record<string, string> = {
  createRequest: 'New request',
  addRequestMessage: 'Reply on a request',
  addConversationComment: 'Project message',
  uploadDocument: 'Client upload',
};

/** What clients did in the portal that has not reached the business's tools yet, with retry; and which writes each connection allows. */
export function actionsPage(view: ActionsView): PageContent {
  return {
    title: 'Portal actions',
    navKey: 'actions',
    body: html`<h1>Portal actions</h1>
<p class="lead">Requests and messages clients sent from the portal that are not in your CRM or project tool yet. Pending ones are being sent (retried with backoff); failed ones need you: fix the cause, then retry. Clients see them as “not delivered yet”.</p>
${view.message ? notice(view.message.text, view.message.kind) : ''}
${view.clients.length === 0
  ? html`<section class="card"><p>Every portal action has been delivered.</p></section>`
  : view.clients.map((group) => html`<section class="card" aria-labelledby="client-${group.clientId}"><h2 id="client-${group.clientId}">${group.clientName}</h2>
  <ul class="card-list">${group.actions.map((action) => actionRow(action, view))}</ul></section>`)}
<h2>Write features by connection</h2>
${view.features.length === 0
  ? html`<p>No connected account offers portal writes.</p>`
  : html`<ul class="card-list">${view.features.map((connection) => html`<li class="card"><h3>${providerDisplayName(connection.provider)} · ${connection.label}</h3><ul>${connection.writes.map(
      (write) => html`<li>${OPERATION_LABELS[write.operation] ?? write.operation}: ${write.on ? html`<strong>on</strong>` : html`<strong>off</strong>${write.missingScopes.length > 0 ? html` — add the scope ${write.missingScopes.map((scope, i) => html`${i > 0 ? ', ' : ''}<code>${scope}</code>`)} to the app and reconnect` : ''}`}</li>`,
    )}</ul></li>`)}</ul>`}`,
  };
}

function actionRow(action: PortalAction, view: ActionsView): SafeHtml {
  const subject = typeof action.payload.subject === 'string' ? action.payload.subject : typeof action.payload.body === 'string' ? action.payload.body.slice(0, 80) : typeof action.payload.fileName === 'string' ? `${action.payload.fileName}${action.payload.anchor === 'company' ? ' (to the company)' : ''}` : '';
  return html`<li>
  <p><strong>${OPERATION_LABELS[action.operation] ?? action.operation}</strong> #${action.id}: ${subject} · <span class="badge">${action.status === 'failed' ? 'Failed' : 'Pending'}</span></p>
  <p class="small muted">By ${String(action.payload.authorName ?? 'a portal user')} ${maybeMoment(action.createdAt)} · ${action.attempts} attempt${action.attempts === 1 ? '' : 's'}${action.deadLetterId ? html` · <a href="/staff/dead-letters">dead letter #${action.deadLetterId}</a>` : ''}</p>
  ${action.lastError ? html`<p><strong>Provider said:</strong> <span class="wrap-anywhere">${action.lastError}</span></p>` : ''}
  ${view.canRetry && action.status === 'failed'
    ? html`<form method="post" action="/staff/actions/${action.id}/retry" class="inline-form">${csrfField(view.csrfToken)}<button type="submit" class="button" aria-label="Retry portal action ${action.id}">Retry</button></form>`
    : ''}
</li>`;
}
