import { html, type SafeHtml } from './html.js';
import type { WaitingItem } from '../approvals/load-waiting-on-you.js';
import { dayTag } from './time-tags.js';

/** The dashboard card: what the business is waiting for from the client, each linking to where they act. */
export function waitingCard(items: WaitingItem[]): SafeHtml {
  return html`<section class="card" aria-labelledby="waiting-heading">
  <h2 id="waiting-heading">Waiting on you</h2>
  ${items.length === 0
    ? html`<p>Nothing is waiting on you right now.</p>`
    : html`<ul class="plain">${items.map((item) => html`<li>${item.kind === 'approval' ? html`<span class="badge badge-open">Approval</span> ` : item.kind === 'quote' ? html`<span class="badge badge-open">Quote</span> ` : ''}<a href="${item.href}">${item.name}</a>${item.dueDate ? html`, ${item.kind === 'quote' ? 'expires' : 'due'} ${dayTag(item.dueDate)}` : ''}${item.overdue ? html` <span class="badge badge-overdue">Overdue</span>` : ''}</li>`)}</ul>`}
</section>`;
}
