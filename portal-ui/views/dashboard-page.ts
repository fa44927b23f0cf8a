import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { Dashboard } from '../load-dashboard.js';
import type { DashboardFigures, MoneyFigures } from '../loaders/load-dashboard-figures.js';
import type { ProjectSummary } from '../loaders/load-projects.js';
import { can } from '../../src/portal-access/portal-permissions.js';
import { describeFreshness, describeSources, formatAmount, formatMoney } from './format.js';
import { dayTag } from './time-tags.js';
import { accountOwner } from './account-owner.js';
import { progressBar } from './progress-bar.js';
import { invoiceChipText } from './invoice-chip.js';
import { payAction } from './pay-action.js';
import { waitingCard } from './waiting-card.js';
import type { WaitingItem } from '../approvals/load-waiting-on-you.js';

export interface DashboardView {
  dashboard: Dashboard;
  figures: DashboardFigures;
  role: string;
  businessName: string;
  now: number;
  /** Today in the reader's time zone. */
  today?: string;
  /** The role may pay (billing and client admins). */
  mayPay?: boolean;
  /** Approvals and tasks waiting on the client; null when the role sees no project work. */
  waiting?: WaitingItem[] | null;
}

/** The client's overview: each section only for roles allowed to see it, each figure with its source and age. */
export function dashboardPage({ dashboard, figures, role, businessName, now, today = new Date(now).toISOString().slice(0, 10), mayPay = false, waiting }: DashboardView): PageContent {
  return {
    title: dashboard.clientName,
    navKey: 'dashboard',
    body: html`<h1>${dashboard.clientName}</h1>
<p class="lead">Your work with ${businessName}, kept up to date from our systems.</p>
<div class="grid">
<div class="stack">
${figures.money ? moneyCard(figures.money, now, today, mayPay) : ''}
${waiting ? waitingCard(waiting) : ''}
${figures.projects ? projectsCard(figures.projects, now) : ''}
${can(role, 'view_engagements') ? engagementsCard(dashboard, businessName, now) : ''}
</div>
<section class="card" aria-labelledby="team-heading">
  <h2 id="team-heading">Your account team</h2>
  ${dashboard.accountTeam.length === 0
    ? html`<p>No account manager is assigned to you yet. Reply to your invitation email and we will put you in touch.</p>`
    : html`<ul class="team">${dashboard.accountTeam.map((owner) => html`<li>${accountOwner(owner)}</li>`)}</ul>`}
</section>
</div>`,
  };
}

/**
 * "What do I owe, by when" first: what is overdue (amount, and how late the oldest bill is), then
 * what falls due soon, with one Pay action for the bill to pay first; then the usual figures.
 */
function moneyCard(money: MoneyFigures, now: number, today: string, mayPay: boolean): SafeHtml {
  const last = money.lastPayment;
  const { owe } = money;
  const first = owe.payFirst;
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  return html`<section class="card owe" aria-labelledby="money-heading">
  <h2 id="money-heading">What you owe</h2>
  ${owe.openCount === 0
    ? html`<p class="owe-none">Nothing to pay: you are all settled.</p>`
    : html`<ul class="plain owe-lines">
    ${owe.overdue.map((o) => html`<li class="owe-overdue"><strong>${formatMoney(o.amountMinor, o.currency)} overdue</strong> <span class="muted">(${o.invoiceCount} invoice${o.invoiceCount === 1 ? '' : 's'}; the oldest ${days(o.oldestDaysOverdue)} late)</span></li>`)}
    ${owe.dueSoon.map((d) => html`<li class="owe-soon"><strong>${formatMoney(d.amountMinor, d.currency)} due soon</strong> <span class="muted">(${d.invoiceCount} invoice${d.invoiceCount === 1 ? '' : 's'}; next on ${dayTag(d.nextDueDate)})</span></li>`)}
    ${owe.overdue.length === 0 && owe.dueSoon.length === 0 ? html`<li>Nothing overdue or due in the next two weeks.</li>` : ''}
  </ul>
  ${first
    ? html`<p class="owe-first">${first.number ? html`First: <a href="/invoices/${first.recordId}">invoice ${first.number}</a>, ` : ''}${formatMoney(first.amountDueMinor, first.currency)}, ${invoiceChipText(first, today).toLowerCase()}.</p>
  ${mayPay ? html`<p class="actions">${payAction(first)}</p>` : ''}`
    : ''}`}
  <dl class="facts">
    <div><dt>Amount due</dt><dd>${money.amountDue.length === 0
      ? 'Nothing due'
      : html`<ul class="plain">${money.amountDue.map((due) => html`<li>${formatMoney(due.amountMinor, due.currency)} <span class="muted">(${due.invoiceCount} invoice${due.invoiceCount === 1 ? '' : 's'})</span></li>`)}</ul>`}</dd></div>
    <div><dt>Next due date</dt><dd>${dayTag(money.nextDueDate)}</dd></div>
    <div><dt>Last payment</dt><dd>${last ? html`${formatMoney(last.amountMinor, last.currency)} on ${dayTag(last.paidAt)}` : 'No payments yet'}</dd></div>
  </dl>
  ${money.amountDueSources.length > 0 ? html`<p class="source">Amount due ${describeSources(money.amountDueSources, now)}</p>` : ''}
  ${last ? html`<p class="source">Last payment ${describeFreshness(last.provider, last.syncedAt, now)}</p>` : ''}
  <p><a href="/invoices">See your invoices</a></p>
</section>`;
}

function projectsCard(projects: ProjectSummary[], now: number): SafeHtml {
  return html`<section class="card" aria-labelledby="projects-heading">
  <h2 id="projects-heading">Projects</h2>
  ${projects.length === 0
    ? html`<p>No project is under way yet. When work starts, its progress and next milestone appear here.</p>`
    : html`<ul class="deal-list">${projects.map(
        (project) => html`<li class="deal">
      <h3><a href="/projects/${project.recordId}">${project.name}</a></h3>
      ${progressBar(project.percentComplete, `${project.name} progress`)}
      <p>Next milestone: ${project.nextMilestone ? html`<strong>${project.nextMilestone.name}</strong>, due ${dayTag(project.nextMilestone.dueDate, 'date not set')}` : 'none planned'}</p>
      <p class="source">${describeFreshness(project.provider, project.syncedAt, now)}</p>
    </li>`,
      )}</ul>`}
</section>`;
}

function engagementsCard(dashboard: Dashboard, businessName: string, now: number): SafeHtml {
  return html`<section class="card" aria-labelledby="deals-heading">
  <h2 id="deals-heading">Your engagements</h2>
  ${dashboard.wonDeals.length === 0
    ? html`<p>Nothing is signed yet. Once your agreement with ${businessName} is confirmed it appears here; if you expected to see it already, ask your account manager.</p>`
    : html`<ul class="deal-list">${dashboard.wonDeals.map(
        (deal) => html`<li class="deal">
      <h3><a href="/deals/${deal.recordId}">${deal.name}</a></h3>
      <dl class="facts">
        <div><dt>Amount</dt><dd>${formatAmount(deal)}</dd></div>
        <div><dt>Signed</dt><dd>${dayTag(deal.wonDate)}</dd></div>
        <div><dt>Account manager</dt><dd>${deal.owner ? deal.owner.name : 'Not assigned yet'}</dd></div>
      </dl>
      <p class="source">${describeFreshness(deal.provider, deal.syncedAt, now)}</p>
    </li>`,
      )}</ul>`}
</section>`;
}
