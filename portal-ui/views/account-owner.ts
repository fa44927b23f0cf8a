import { html, type SafeHtml } from './html.js';
import type { AccountOwner } from '../load-dashboard.js';

/** Name, role and a mailto link: who to write to. */
export function accountOwner(owner: AccountOwner): SafeHtml {
  return html`<span class="person"><strong>${owner.name}</strong>${owner.title ? html`<span class="muted">, ${owner.title}</span>` : ''}${owner.email
    ? html`<br><a href="mailto:${owner.email}">${owner.email}</a>`
    : ''}</span>`;
}
