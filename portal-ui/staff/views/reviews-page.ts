import { html, type SafeHtml } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { LinkReviewView } from '../../../src/identity/list-link-reviews.js';
import type { InvoiceMatchReviewView, ReviewedInvoice } from '../../../src/billing/list-invoice-match-reviews.js';
import { formatMoney, providerName } from '../../views/format.js';
import { csrfField, notice } from './staff-layout.js';
import { maybeMoment } from './staff-format.js';

export interface ReviewsView {
  reviews: LinkReviewView[];
  /** Pairs of invoices that might be one bill in two systems (src/billing). */
  invoiceReviews?: InvoiceMatchReviewView[];
  clients: { id: number; name: string }[];
  canAnswer: boolean;
  csrfToken: string;
  message: { text: string; kind: 'ok' | 'error' } | null;
}

/** What the identity rules would not decide alone: accept a suggestion, pick another client, say "nobody", or dismiss. */
export function reviewsPage(view: ReviewsView): PageContent {
  return {
    title: 'Review queue',
    navKey: 'reviews',
    body: html`<h1>Review queue</h1>
<p class="lead">Records the identity rules could not link on their own: weak evidence (a name match) or evidence naming several clients. Your answer is final until released.</p>
${view.message ? notice(view.message.text, view.message.kind) : ''}
${view.reviews.length === 0 && (view.invoiceReviews ?? []).length === 0 ? html`<section class="card"><p>Nothing waits for review.</p></section>` : html`<ul class="card-list">${view.reviews.map((review) => reviewCard(review, view))}</ul>`}
${(view.invoiceReviews ?? []).length > 0
  ? html`<h2 id="invoice-reviews">Same bill in two systems?</h2>
<p class="lead">Invoices of one client that look like copies of one bill, but whose evidence disagrees (a reference with another total, a payment recorded in one system only) or is not unique. Until you answer, the client sees both. Your answer is final.</p>
<ul class="card-list">${(view.invoiceReviews ?? []).map((review) => invoiceReviewCard(review, view))}</ul>`
  : ''}`,
  };
}

function reviewCard(review: LinkReviewView, view: ReviewsView): SafeHtml {
  const id = `review-${review.id}`;
  const form = (fields: SafeHtml, label: string, aria: string, quiet = true) =>
    html`<form method="post" action="/staff/reviews/${review.id}" class="inline-form">${csrfField(view.csrfToken)}${fields}<button type="submit" class="button${quiet ? ' button-quiet' : ''}" aria-label="${aria}">${label}</button></form>`;
  return html`<li class="card" aria-labelledby="${id}">
  <h2 id="${id}">${review.recordName} <span class="small muted">${review.provider} ${review.objectType} ${review.externalId}</span></h2>
  <p>${review.reason === 'conflict' ? 'The evidence names several clients.' : 'A possible match, too weak to link alone.'} <span class="small muted">Queued ${maybeMoment(review.createdAt)}</span></p>
  <ul class="plain">${review.candidates.map(
    (c) => html`<li><strong>${c.clientName}</strong> · ${c.method}, confidence ${Math.round(c.confidence * 100)}% · <span class="small">${c.detail}</span>
      ${view.canAnswer ? form(html`<input type="hidden" name="action" value="link"><input type="hidden" name="clientId" value="${c.clientId}">`, 'Accept', `Accept: link ${review.recordName} to ${c.clientName}`, false) : ''}</li>`,
  )}</ul>
  ${view.canAnswer
    ? html`<div class="row-actions">
    ${form(html`<input type="hidden" name="action" value="link"><label for="other-${review.id}">Another client</label> <select id="other-${review.id}" name="clientId">${view.clients.map((c) => html`<option value="${c.id}">${c.name}</option>`)}</select>`, 'Link', `Link ${review.recordName} to the chosen client`)}
    ${form(html`<input type="hidden" name="action" value="none">`, 'Belongs to no client', `Belongs to no client: ${review.recordName}`)}
    ${form(html`<input type="hidden" name="action" value="dismiss">`, 'Dismiss', `Dismiss the review of ${review.recordName}`)}
  </div>`
    : ''}
</li>`;
}

function describeInvoice(invoice: ReviewedInvoice): SafeHtml {
  return html`<strong>${providerName(invoice.provider)} ${invoice.number ?? invoice.externalId}</strong> · ${invoice.status} · total ${formatMoney(invoice.totalMinor, invoice.currency)}, due ${formatMoney(invoice.amountDueMinor, invoice.currency)} · issued ${invoice.issueDate ?? '—'}, due ${invoice.dueDate ?? '—'}`;
}

function invoiceReviewCard(review: InvoiceMatchReviewView, view: ReviewsView): SafeHtml {
  const id = `invoice-review-${review.id}`;
  const form = (decision: 'same' | 'different', label: string) =>
    html`<form method="post" action="/staff/reviews/invoices/${review.id}" class="inline-form">${csrfField(view.csrfToken)}<input type="hidden" name="decision" value="${decision}"><button type="submit" class="button${decision === 'same' ? '' : ' button-quiet'}" aria-label="${label}: ${review.a.number ?? review.a.externalId} and ${review.b.number ?? review.b.externalId}">${label}</button></form>`;
  return html`<li class="card" aria-labelledby="${id}">
  <h3 id="${id}">${review.clientName}: ${review.reason === 'conflict' ? 'conflicting evidence' : 'a likely copy'}</h3>
  <ul class="plain"><li>${describeInvoice(review.a)}</li><li>${describeInvoice(review.b)}</li></ul>
  <p class="small">${review.evidence.join('; ')} <span class="muted">Queued ${maybeMoment(review.createdAt)}</span></p>
  ${view.canAnswer ? html`<div class="row-actions">${form('same', 'Same bill')}${form('different', 'Different bills')}</div>` : ''}
</li>`;
}
