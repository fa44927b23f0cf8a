import { html } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { AuditRow } from '../../../src/staff/read/query-audit-log.js';
import { maybeMoment } from './staff-format.js';

export interface AuditView {
  rows: AuditRow[];
  hasMore: boolean;
  page: number;
  /** The filters as typed, to refill the form and build the pager's links. */
  query: { actor: string; action: string; client: string; from: string; to: string };
  clients: { id: number; name: string }[];
}

export function auditPage(view: AuditView): PageContent {
  const link = (page: number) => `/staff/audit?${new URLSearchParams({ ...view.query, page: String(page) }).toString()}`;
  return {
    title: 'Audit log',
    navKey: 'audit',
    body: html`<h1>Audit log</h1>
<p class="lead">Everything staff, clients, the CLI and the hub itself did, newest first.</p>
<section class="card" aria-labelledby="filter-heading">
  <h2 id="filter-heading">Filter</h2>
  <form method="get" action="/staff/audit" class="filters">
    <div class="field"><label for="f-actor">Who</label><input type="text" id="f-actor" name="actor" value="${view.query.actor}" aria-describedby="f-actor-hint"><p id="f-actor-hint" class="small muted">an email, or staff:3, cli, system</p></div>
    <div class="field"><label for="f-action">What</label><input type="text" id="f-action" name="action" value="${view.query.action}" aria-describedby="f-action-hint"><p id="f-action-hint" class="small muted">an action, or a prefix like connection.</p></div>
    <div class="field"><label for="f-client">Client</label><select id="f-client" name="client"><option value="">any</option>${view.clients.map((c) => html`<option value="${c.id}"${String(c.id) === view.query.client ? ' selected' : ''}>${c.name}</option>`)}</select></div>
    <div class="field"><label for="f-from">From (UTC day)</label><input type="date" id="f-from" name="from" value="${view.query.from}"></div>
    <div class="field"><label for="f-to">To (UTC day, inclusive)</label><input type="date" id="f-to" name="to" value="${view.query.to}"></div>
    <div class="field"><button type="submit" class="button">Show</button></div>
  </form>
</section>
${view.rows.length === 0
  ? html`<section class="card"><p>No entries match.</p></section>`
  : html`<div class="table-wrap"><table>
  <caption>Entries, page ${view.page}</caption>
  <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Subject</th><th scope="col">Client</th><th scope="col">Details</th></tr></thead>
  <tbody>${view.rows.map(
    (row) => html`<tr><td>${maybeMoment(row.at)}</td><td class="wrap-anywhere">${row.actorLabel}${row.ip ? html`<br><span class="small muted">${row.ip}</span>` : ''}</td><td class="mono">${row.action}</td>
    <td>${row.subjectType ? `${row.subjectType} ${row.subjectId ?? ''}` : '—'}</td><td>${row.clientName ?? (row.clientId ? `#${row.clientId}` : '—')}</td>
    <td class="small mono">${Object.keys(row.details).length === 0 ? '—' : JSON.stringify(row.details).slice(0, 300)}</td></tr>`,
  )}</tbody></table></div>`}
<nav class="pager" aria-label="Audit log pages">
  ${view.page > 1 ? html`<a href="${link(view.page - 1)}">Newer entries</a>` : ''}
  ${view.hasMore ? html`<a href="${link(view.page + 1)}">Older entries</a>` : ''}
</nav>`,
  };
}
