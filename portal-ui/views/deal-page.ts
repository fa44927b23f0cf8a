import { html } from './html.js';
import type { PageContent } from './page-content.js';
import type { ClientDeal } from '../load-dashboard.js';
import { describeFreshness, formatAmount, formatDate } from './format.js';
import { accountOwner } from './account-owner.js';

export function dealPage(deal: ClientDeal, clientId: number, now: number): PageContent {
  const signed = formatDate(deal.wonDate);
  return {
    title: deal.name,
    body: html`<nav aria-label="Breadcrumb" class="breadcrumb"><a href="/clients/${clientId}">Back to your dashboard</a></nav>
<h1>${deal.name}</h1>
<section class="card" aria-labelledby="details-heading">
  <h2 id="details-heading">Details</h2>
  <dl class="facts">
    <div><dt>Amount</dt><dd>${formatAmount(deal)}</dd></div>
    <div><dt>Signed</dt><dd>${signed && deal.wonDate ? html`<time datetime="${deal.wonDate.slice(0, 10)}">${signed}</time>` : '—'}</dd></div>
    <div><dt>Status</dt><dd>${deal.stageLabel ?? 'Won'}</dd></div>
  </dl>
  <p class="source">${describeFreshness(deal.provider, deal.syncedAt, now)}</p>
</section>
<section class="card" aria-labelledby="owner-heading">
  <h2 id="owner-heading">Your account manager</h2>
  ${deal.owner
    ? html`<p>${accountOwner(deal.owner)}</p>`
    : html`<p>No account manager is assigned to this engagement yet. Reply to your invitation email and we will put you in touch.</p>`}
</section>`,
  };
}
