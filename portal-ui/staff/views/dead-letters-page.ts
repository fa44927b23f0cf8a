import { html, type SafeHtml } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { DeadLetter } from '../../../src/sync/dead-letters.js';
import { csrfField, notice } from './staff-layout.js';
import { statusBadge } from './status-badge.js';
import { maybeMoment } from './staff-format.js';

export interface DeadLettersView {
  letters: DeadLetter[];
  status: 'open' | 'all';
  canManage: boolean;
  csrfToken: string;
  message: { text: string; kind: 'ok' | 'error' } | null;
}

/** Payloads the hub could not apply, with the reason; replay after a fix, or discard with a note. */
export function deadLettersPage(view: DeadLettersView): PageContent {
  return {
    title: 'Dead letters',
    navKey: 'dead-letters',
    body: html`<h1>Dead letters</h1>
<p class="lead">Records that failed mapping or processing. Nothing else in their batch was held back. Replay maps the stored payload again (after a mapping or configuration fix); discard closes it with a note.</p>
${view.message ? notice(view.message.text, view.message.kind) : ''}
<p>${view.status === 'open' ? html`Showing open ones. <a href="/staff/dead-letters?status=all">Show all</a>` : html`Showing all. <a href="/staff/dead-letters">Show open only</a>`}</p>
${view.letters.length === 0
  ? html`<section class="card"><p>No ${view.status === 'open' ? 'open ' : ''}dead letters.</p></section>`
  : html`<ul class="card-list">${view.letters.map((letter) => letterCard(letter, view))}</ul>`}`,
  };
}

function letterCard(letter: DeadLetter, view: DeadLettersView): SafeHtml {
  const id = `letter-${letter.id}`;
  return html`<li class="card" aria-labelledby="${id}">
  <h2 id="${id}">#${letter.id} · ${letter.provider} ${letter.objectType} ${letter.externalId ?? ''} ${statusBadge(letter.status)}</h2>
  <p><strong>Reason (${letter.stage}):</strong> <span class="wrap-anywhere">${letter.reason}</span></p>
  <p class="small muted">Failed ${maybeMoment(letter.createdAt)}${letter.resolvedAt ? html` · closed ${maybeMoment(letter.resolvedAt)}` : ''}${letter.note ? html` · note: ${letter.note}` : ''}</p>
  <details><summary>Stored payload</summary><pre class="mono">${JSON.stringify(letter.payload, null, 2).slice(0, 4000)}</pre></details>
  ${view.canManage && letter.status === 'open'
    ? html`<div class="row-actions">
    <form method="post" action="/staff/dead-letters/${letter.id}/replay" class="inline-form">${csrfField(view.csrfToken)}<button type="submit" class="button button-quiet" aria-label="Replay dead letter ${letter.id}">Replay</button></form>
    <form method="post" action="/staff/dead-letters/${letter.id}/discard" class="inline-form">${csrfField(view.csrfToken)}
      <label for="note-${letter.id}">Note</label> <input type="text" id="note-${letter.id}" name="note" maxlength="500">
      <button type="submit" class="button button-danger" aria-label="Discard dead letter ${letter.id}">Discard</button></form>
  </div>`
    : ''}
</li>`;
}
