import { html } from './html.js';
import type { PageContent } from './page-content.js';
import type { Dashboard } from '../load-dashboard.js';
import { describeFreshness, formatAmount, formatDate } from './format.js';
import { accountOwner } from './account-owner.js';

export function dashboardPage(dashboard: Dashboard, businessName: string, now: number): PageContent {
  return {
    title: dashboard.clientName,
    body: html`<h1>${dashboard.clientName}</h1>
<p class="lead">Your work with ${businessName}, kept up to date from our systems.</p>
<div class="grid">
<section class="card" aria-labelledby="deals-heading">
  <h2 id="deals-heading">Your engagements</h2>
  ${dashboard.wonDeals.length === 0
    ? html`<p>Nothing is signed yet. Once your agreement with ${businessName} is confirmed it appears here; if you expected to see it already, ask your account manager.</p>`
    : html`<ul class="deal-list">${dashboard.wonDeals.map((deal) => {
        const closed = formatDate(deal.closeDate);
        return html`<li class="deal">
      <h3><a href="/deals/${deal.recordId}">${deal.name}</a></h3>
      <dl class="facts">
        <div><dt>Amount</dt><dd>${formatAmount(deal)}</dd></div>
        <div><dt>Signed</dt><dd>${closed && deal.closeDate ? html`<time datetime="${deal.closeDate.slice(0, 10)}">${closed}</time>` : '—'}</dd></div>
        <div><dt>Account manager</dt><dd>${deal.owner ? deal.owner.name : 'Not assigned yet'}</dd></div>
      </dl>
      <p class="source">${describeFreshness(deal.provider, deal.syncedAt, now)}</p>
    </li>`;
      })}</ul>`}
</section>
<section class="card" aria-labelledby="team-heading">
  <h2 id="team-heading">Your account team</h2>
  ${dashboard.accountTeam.length === 0
    ? html`<p>No account manager is assigned to you yet. Reply to your invitation email and we will put you in touch.</p>`
    : html`<ul class="team">${dashboard.accountTeam.map((owner) => html`<li>${accountOwner(owner)}</li>`)}</ul>`}
</section>
</div>`,
  };
}
