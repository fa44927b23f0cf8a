import { html, type SafeHtml } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { Connection } from '../../../src/connections/connection-repository.js';
import type { ConnectionHealth } from '../../../src/staff/read/load-sync-health.js';
import type { WebhookSetup } from '../../../src/staff/read/load-webhook-setup.js';
import type { AccountChoices } from '../../../src/staff/services/account-choices.js';
import { csrfField, notice } from './staff-layout.js';
import { statusBadge } from './status-badge.js';
import { syncHealthSection } from './sync-health-section.js';
import { webhookSetupSection } from './webhook-setup-section.js';

export interface ConnectionView {
  connection: Connection;
  providerName: string;
  health: ConnectionHealth;
  webhook: WebhookSetup;
  choices: AccountChoices | null;
  canManage: boolean;
  canPurge: boolean;
  canRun: boolean;
  csrfToken: string;
  message: { text: string; kind: 'ok' | 'error' } | null;
  refreshSeconds?: number;
}

export function connectionPage(view: ConnectionView): PageContent & { refreshSeconds?: number } {
  const { connection } = view;
  const accountName = view.choices?.options.find((o) => o.id === view.choices?.current)?.name;
  return {
    title: `${view.providerName} · ${connection.label}`,
    navKey: 'connect',
    refreshSeconds: view.refreshSeconds,
    body: html`<p class="breadcrumb"><a href="/staff/connect">Connect</a></p>
<h1>${view.providerName} · ${connection.label} ${statusBadge(connection.status)}</h1>
${view.message ? notice(view.message.text, view.message.kind) : ''}
<section class="card" aria-labelledby="account-heading">
  <h2 id="account-heading">Account</h2>
  <dl class="facts">
    <div><dt>Connected by</dt><dd>${connection.authType === 'oauth' ? 'OAuth' : 'key or token'}</dd></div>
    <div><dt>Account</dt><dd class="wrap-anywhere">${accountName ?? (typeof connection.settings.accountId === 'string' ? connection.settings.accountId : '—')}</dd></div>
    <div><dt>Connection id</dt><dd>${connection.id}</dd></div>
  </dl>
  ${view.choices && view.choices.options.length > 1 ? html`<p><a href="/staff/connections/${connection.id}/choose">${view.choices.label}: choose which one to sync</a></p>` : ''}
</section>
${syncHealthSection(view.health, { canRun: view.canRun, csrfToken: view.csrfToken, headingLevel: 3 })}
${webhookSetupSection(view.webhook, 3)}
${view.canManage && connection.status !== 'disconnected' ? disconnectForm(view) : ''}
${view.canManage && connection.status === 'disconnected' ? html`<section class="card"><h2>Disconnected</h2><p>Nothing is synced from this account. Synced records stay until purged. To sync again, connect ${view.providerName} from the <a href="/staff/connect">Connect</a> page.</p></section>` : ''}`,
  };
}

function disconnectForm(view: ConnectionView): SafeHtml {
  const { connection } = view;
  return html`<section class="card" aria-labelledby="disconnect-heading">
  <h2 id="disconnect-heading">Disconnect</h2>
  <p>Stops every sync of this account and erases its stored credentials. Records already synced stay, and clients keep seeing them, unless you also purge them.</p>
  <form method="post" action="/staff/connections/${connection.id}/disconnect">
    ${csrfField(view.csrfToken)}
    ${view.canPurge
      ? html`<div class="choice"><input type="checkbox" id="purge" name="purge" value="1"><label for="purge">Also delete every record synced from this account</label></div>
    <div class="field">
      <label for="confirm">To purge, type <strong>${connection.provider}</strong> to confirm</label>
      <input type="text" id="confirm" name="confirm" autocomplete="off">
    </div>`
      : ''}
    <button type="submit" class="button button-danger">Disconnect ${view.providerName}</button>
  </form>
</section>`;
}

export function chooseAccountPage(input: { connection: Connection; providerName: string; choices: AccountChoices; csrfToken: string; canManage: boolean }): PageContent {
  const { connection, choices } = input;
  return {
    title: `Choose the ${choices.label.toLowerCase()}`,
    navKey: 'connect',
    body: html`<p class="breadcrumb"><a href="/staff/connections/${connection.id}">${input.providerName} · ${connection.label}</a></p>
<h1>Choose the ${choices.label.toLowerCase()} to sync</h1>
<section class="card">
  <p>${input.providerName} granted access to ${choices.options.length} ${choices.label.toLowerCase()}s. This connection syncs one; nothing is synced until you choose.</p>
  ${input.canManage
    ? html`<form method="post" action="/staff/connections/${connection.id}/choose">
    ${csrfField(input.csrfToken)}
    <fieldset class="field">
      <legend>${choices.label}</legend>
      ${choices.options.map(
        (option, i) => html`<div class="choice"><input type="radio" id="account-${i}" name="accountId" value="${option.id}"${option.id === choices.current ? ' checked' : ''}><label for="account-${i}">${option.name} <span class="small muted">(${option.id})</span></label></div>`,
      )}
    </fieldset>
    <button type="submit" class="button">Sync this ${choices.label.toLowerCase()}</button>
  </form>`
    : html`<p class="note">Only an owner can choose.</p>`}
</section>`,
  };
}
