import { html, type SafeHtml } from './html.js';
import type { QuoteItem, QuoteState } from '../approvals/load-quotes.js';
import { describeFreshness, formatMoney } from './format.js';
import { dayTag } from './time-tags.js';

const STATE_LABELS: Record<QuoteState, string> = { open: 'Waiting for you', signed: 'Signed', accepted: 'Accepted', expired: 'Expired' };
const STATE_BADGES: Record<QuoteState, string> = { open: 'badge-open', signed: 'badge-paid', accepted: 'badge-paid', expired: 'badge-overdue' };

function expiryText(item: QuoteItem): SafeHtml | string {
  if (item.state === 'expired') return html`expired ${dayTag(item.expiresOn)}`;
  if (item.daysLeft == null) return 'No expiry date';
  if (item.daysLeft === 0) return html`expires today (${dayTag(item.expiresOn)})`;
  return html`expires in ${String(item.daysLeft)} day${item.daysLeft === 1 ? '' : 's'} (${dayTag(item.expiresOn)})`;
}

function quoteCard(item: QuoteItem, now: number): SafeHtml {
  const id = `quote-${item.recordId}`;
  // HubSpot's own page does the reviewing and signing: opened in a new tab, without an opener handle.
  const action = item.state === 'open' ? 'Review and sign' : 'View quote';
  return html`<section class="card" aria-labelledby="${id}-heading" id="${id}">
  <h3 id="${id}-heading">${item.title}</h3>
  <p><span class="badge ${STATE_BADGES[item.state]}">${STATE_LABELS[item.state]}</span></p>
  <dl class="facts">
    <div><dt>Amount</dt><dd>${item.amountMinor != null && item.currency ? formatMoney(item.amountMinor, item.currency) : '—'}</dd></div>
    <div><dt>Expiry</dt><dd>${expiryText(item)}</dd></div>
  </dl>
  ${item.link ? html`<p><a class="button" href="${item.link}" target="_blank" rel="noopener noreferrer">${action}<span class="visually-hidden"> (opens HubSpot in a new tab)</span></a></p>` : ''}
  <p class="source">${describeFreshness(item.provider, item.syncedAt, now)}</p>
</section>`;
}

/** The client's quotes on the Approvals page: each opens HubSpot's hosted quote page to review and sign. */
export function quotesSection(items: QuoteItem[], now: number): SafeHtml {
  return html`<section aria-labelledby="quotes-heading">
  <h2 id="quotes-heading">Quotes</h2>
  <div class="stack">${items.map((item) => quoteCard(item, now))}</div>
</section>`;
}
