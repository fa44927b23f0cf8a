import { html, type SafeHtml } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { UnlinkedRecordPage, UnlinkedRecordView } from '../../../src/identity/list-unlinked-records.js';
import { csrfField, notice } from './staff-layout.js';
import { maybeMoment } from './staff-format.js';

export interface UnlinkedView {
  result: UnlinkedRecordPage;
  /** The filters as given, to refill the form, build the pager's links and come back after a link. */
  query: { provider: string; kind: string; q: string };
  kinds: readonly string[];
  clients: { id: number; name: string }[];
  canLink: boolean;
  csrfToken: string;
  message: { text: string; kind: 'ok' | 'error' } | null;
}

/** Records no client has, per provider and kind, each with a "Link to client" form: no guessing of record ids. */
export function unlinkedPage(view: UnlinkedView): PageContent {
  const { result, query } = view;
  const link = (page: number) => `/staff/unlinked?${new URLSearchParams({ ...query, page: String(page) }).toString()}`;
  const providers = [...new Set(result.counts.map((c) => c.provider))];
  const lastPage = Math.max(1, Math.ceil(result.total / result.pageSize));
  return {
    title: 'Unlinked records',
    navKey: 'unlinked',
    body: html`<h1>Unlinked records</h1>
<p class="lead">Records that belong to no client, so nobody sees them: the identity rules found no sure match. Link one to its client here; your decision is final until released, and what hangs off it (a customer’s invoices, a project’s tasks) follows.</p>
${view.message ? notice(view.message.text, view.message.kind) : ''}
<section class="card" aria-labelledby="counts-heading">
  <h2 id="counts-heading">Where they are</h2>
  ${result.counts.length === 0
    ? html`<p>Every record belongs to a client or was decided by staff.</p>`
    : html`<ul class="plain">${result.counts.map((c) => html`<li><a href="/staff/unlinked?${new URLSearchParams({ provider: c.provider, kind: c.kind }).toString()}">${c.provider} · ${c.kind}</a>: ${c.count}</li>`)}</ul>`}
</section>
<section class="card" aria-labelledby="filter-heading">
  <h2 id="filter-heading">Filter</h2>
  <form method="get" action="/staff/unlinked" class="filters">
    <div class="field"><label for="f-provider">Provider</label><select id="f-provider" name="provider"><option value="">any</option>${providers.map((p) => html`<option value="${p}"${p === query.provider ? ' selected' : ''}>${p}</option>`)}</select></div>
    <div class="field"><label for="f-kind">Kind</label><select id="f-kind" name="kind"><option value="">any</option>${view.kinds.map((k) => html`<option value="${k}"${k === query.kind ? ' selected' : ''}>${k}</option>`)}</select></div>
    <div class="field"><label for="f-q">Name, number or id</label><input type="text" id="f-q" name="q" value="${query.q}"></div>
    <div class="field"><button type="submit" class="button">Show</button></div>
  </form>
</section>
${result.records.length === 0
  ? html`<section class="card"><p>No unlinked records match.</p></section>`
  : html`<div class="table-wrap"><table>
  <caption>${result.total} unlinked record${result.total === 1 ? '' : 's'}, page ${result.page} of ${lastPage}</caption>
  <thead><tr><th scope="col">Record</th><th scope="col">Provider and kind</th><th scope="col">Addresses and domains</th><th scope="col">Synced</th><th scope="col">${view.canLink ? 'Link to client' : 'Status'}</th></tr></thead>
  <tbody>${result.records.map((record) => row(record, view))}</tbody></table></div>`}
<nav class="pager" aria-label="Unlinked record pages">
  ${result.page > 1 ? html`<a href="${link(result.page - 1)}">Previous page</a>` : ''}
  ${result.page < lastPage ? html`<a href="${link(result.page + 1)}">Next page</a>` : ''}
</nav>`,
  };
}

function row(record: UnlinkedRecordView, view: UnlinkedView): SafeHtml {
  const select = `client-${record.recordId}`;
  return html`<tr>
  <td><strong>${record.recordName}</strong><br><span class="small muted mono">${record.externalId}</span>${record.inReview ? html`<br><a class="small" href="/staff/reviews">Waiting for review</a>` : ''}</td>
  <td>${record.provider} · ${record.kind} <span class="small muted">(${record.objectType})</span></td>
  <td class="wrap-anywhere small">${record.hints.length ? record.hints.join(', ') : '—'}</td>
  <td>${maybeMoment(record.syncedAt)}</td>
  <td>${view.canLink
    ? html`<form method="post" action="/staff/unlinked/${record.recordId}/link" class="inline-form">${csrfField(view.csrfToken)}
      <input type="hidden" name="provider" value="${view.query.provider}"><input type="hidden" name="kind" value="${view.query.kind}"><input type="hidden" name="q" value="${view.query.q}"><input type="hidden" name="page" value="${view.result.page}">
      <label for="${select}" class="visually-hidden">Client for ${record.recordName}</label>
      <select id="${select}" name="clientId" required><option value="">Choose a client</option>${view.clients.map((c) => html`<option value="${c.id}">${c.name}</option>`)}</select>
      <button type="submit" class="button button-quiet" aria-label="Link ${record.recordName} to the chosen client">Link</button></form>`
    : html`<span class="muted">Unlinked</span>`}</td>
</tr>`;
}
