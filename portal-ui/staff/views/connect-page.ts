import { html, type SafeHtml } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { ProviderCard } from '../loaders/load-connect-page.js';
import { csrfField, notice } from './staff-layout.js';
import { statusBadge } from './status-badge.js';

export interface ConnectView {
  cards: ProviderCard[];
  canManage: boolean;
  csrfToken: string;
  message: { text: string; kind: 'ok' | 'error' } | null;
  tokenError?: { provider: string; text: string };
}

/** Connect: every provider, its connections, and the ways to connect one. */
export function connectPage(view: ConnectView): PageContent {
  return {
    title: 'Connect',
    navKey: 'connect',
    body: html`<h1>Connect your accounts</h1>
<p class="lead">Each connection syncs one account into the hub. OAuth sends you to the provider to approve read access and back here.</p>
${view.message ? notice(view.message.text, view.message.kind) : ''}
${view.canManage ? '' : html`<p class="note">Your role can look but not connect or disconnect: ask an owner.</p>`}
<div class="provider-grid">
${view.cards.map((card) => providerCard(card, view))}
</div>`,
  };
}

function providerCard(card: ProviderCard, view: ConnectView): SafeHtml {
  const headingId = `provider-${card.provider}`;
  const tokenError = view.tokenError?.provider === card.provider ? view.tokenError.text : null;
  return html`<section class="card" aria-labelledby="${headingId}">
  <h2 id="${headingId}">${card.providerName}</h2>
  ${card.connections.length === 0
    ? html`<p class="muted">Not connected.</p>`
    : html`<ul class="plain">${card.connections.map(
        (c) => html`<li><a href="/staff/connections/${c.id}">${card.providerName} · ${c.label}</a> ${statusBadge(c.status)}</li>`,
      )}</ul>`}
  ${view.canManage ? connectControls(card, view.csrfToken, tokenError) : ''}
</section>`;
}

function connectControls(card: ProviderCard, csrfToken: string, tokenError: string | null): SafeHtml {
  const tokenId = `token-${card.provider}`;
  return html`<div class="actions">
  ${card.oauth?.ready
    ? html`<form method="post" action="/staff/connect/${card.provider}/oauth" class="inline-form">${csrfField(csrfToken)}<button type="submit" class="button">Connect ${card.providerName}${card.token ? ' with OAuth' : ''}</button></form>`
    : card.oauth
      ? html`<p class="small muted">OAuth is not set up on this server: ${card.oauth.problem}</p>`
      : ''}
</div>
${card.token
  ? html`<form method="post" action="/staff/connect/${card.provider}/token">
  ${csrfField(csrfToken)}
  <div class="field">
    <label for="${tokenId}">${card.token.field}</label>
    <input type="password" id="${tokenId}" name="token" autocomplete="off" spellcheck="false" aria-describedby="${tokenId}-hint${tokenError ? html` ${tokenId}-error` : ''}"${tokenError ? html` aria-invalid="true"` : ''}>
    <p id="${tokenId}-hint" class="small muted">${card.token.hint}</p>
    ${tokenError ? html`<p id="${tokenId}-error" class="field-error">${tokenError}</p>` : ''}
  </div>
  <button type="submit" class="button button-quiet">Connect with this ${card.token.field.toLowerCase().includes('key') ? 'key' : 'token'}</button>
</form>`
  : ''}`;
}
