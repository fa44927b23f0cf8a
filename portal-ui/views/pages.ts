import { html, type SafeHtml } from './html.js';
import { formatMoney } from '../../src/model/money.js';
import type { Dashboard, DashboardDeal } from '../load-dashboard.js';

const PROVIDER_NAMES: Record<string, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', quickbooks: 'QuickBooks', xero: 'Xero', asana: 'Asana', stripe: 'Stripe' };

function amount(deal: DashboardDeal): string {
  return deal.amountMinor != null && deal.currency ? formatMoney(deal.amountMinor, deal.currency) : '—';
}

function date(iso: string | null): string {
  return iso ? new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }) : '—';
}

/** "from HubSpot, 2 minutes ago": every figure says where it came from and how fresh it is. */
export function freshness(provider: string, syncedAt: number, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - syncedAt) / 60_000));
  const ago = minutes < 1 ? 'just now' : minutes < 60 ? `${minutes} minute${minutes === 1 ? '' : 's'} ago` : `${Math.round(minutes / 60)} hour${Math.round(minutes / 60) === 1 ? '' : 's'} ago`;
  return `from ${PROVIDER_NAMES[provider] ?? provider}, ${ago}`;
}

export function dashboardPage(dashboard: Dashboard): SafeHtml {
  return html`<h1>${dashboard.clientName}</h1>
<div class="grid">
<section class="card" aria-labelledby="engagements">
  <h2 id="engagements">Your engagements</h2>
  ${dashboard.wonDeals.length === 0
    ? html`<p>Nothing is signed yet. Once your agreement is confirmed, it shows up here.</p>`
    : html`<table>
    <thead><tr><th scope="col">Engagement</th><th scope="col" class="num">Amount</th><th scope="col" class="hide-narrow">Signed</th></tr></thead>
    <tbody>${dashboard.wonDeals.map(
      (deal) => html`<tr><td><a href="/deals/${deal.recordId}">${deal.name}</a><br><small class="muted">${freshness(deal.provider, deal.syncedAt)}</small></td><td class="num">${amount(deal)}</td><td class="hide-narrow">${date(deal.closeDate)}</td></tr>`,
    )}</tbody>
  </table>`}
</section>
<section class="card" aria-labelledby="team">
  <h2 id="team">Your account team</h2>
  ${dashboard.accountTeam.length === 0
    ? html`<p>Your account manager has not been assigned yet. Reply to your invitation email and we will sort it out.</p>`
    : html`<ul>${dashboard.accountTeam.map((member) => html`<li><strong>${member.name}</strong>${member.email ? html` — <a href="mailto:${member.email}">${member.email}</a>` : ''}</li>`)}</ul>`}
</section>
</div>`;
}

export function dealPage(deal: DashboardDeal, clientId: number): SafeHtml {
  return html`<p><a href="/clients/${clientId}">← Back to your dashboard</a></p>
<h1>${deal.name}</h1>
<section class="card">
  <dl>
    <dt>Amount</dt><dd>${amount(deal)}</dd>
    <dt>Signed</dt><dd>${date(deal.closeDate)}</dd>
    <dt>Status</dt><dd>${deal.stageLabel ?? (deal.isWon ? 'Won' : 'Open')}</dd>
  </dl>
  <p class="muted"><small>${freshness(deal.provider, deal.syncedAt)}</small></p>
</section>`;
}

export function signInPage(businessName: string): SafeHtml {
  return html`<h1>Sign in to ${businessName}</h1>
<section class="card"><p>Open the personal link in your invitation email to sign in.</p>
<p class="muted">Lost it, or has it expired? Ask your account manager to send a new one.</p></section>`;
}

export function confirmLinkPage(businessName: string, token: string): SafeHtml {
  return html`<h1>Sign in to ${businessName}</h1>
<section class="card">
  <p>Press the button to open your client portal.</p>
  <form method="post" action="/auth/link">
    <input type="hidden" name="token" value="${token}">
    <button type="submit" class="button">Continue to the portal</button>
  </form>
</section>`;
}

export function messagePage(title: string, text: string, link?: { href: string; label: string }): SafeHtml {
  return html`<h1>${title}</h1><section class="card"><p>${text}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ''}</section>`;
}
