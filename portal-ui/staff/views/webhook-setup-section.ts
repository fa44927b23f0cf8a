import { html, type SafeHtml } from '../../views/html.js';
import type { WebhookSetup } from '../../../src/staff/read/load-webhook-setup.js';
import { maybeMoment } from './staff-format.js';

/** What to paste into the provider, whether deliveries can be verified, and when one last was. */
export function webhookSetupSection(setup: WebhookSetup, headingLevel: 2 | 3): SafeHtml {
  const headingId = `webhook-${setup.connectionId}`;
  const title = headingLevel === 2 ? html`<h2 id="${headingId}"><a href="/staff/connections/${setup.connectionId}">${setup.providerName} · ${setup.label}</a> webhooks</h2>` : html`<h3 id="${headingId}">Webhooks</h3>`;
  if (!setup.supported) return html`<section class="card" aria-labelledby="${headingId}">${title}<p>${setup.providerName} is kept up to date by polling only.</p></section>`;
  return html`<section class="card" aria-labelledby="${headingId}">
  ${title}
  <dl class="facts">
    <div><dt>Endpoint URL</dt><dd class="mono">${setup.url}</dd></div>
    <div><dt>Signing secret</dt><dd>${setup.secretConfigured ? 'Configured' : 'Not configured'}</dd></div>
    <div><dt>Last verified delivery</dt><dd>${maybeMoment(setup.lastVerifiedAt, 'none yet')}</dd></div>
  </dl>
  <p class="small">${setup.automatic
    ? html`The hub registers this provider’s webhooks itself at that URL (with ?hook=…) and checks them every poll interval; the secret is ${setup.secretSource}.`
    : html`Paste the URL into ${setup.providerName}’s webhook settings. Deliveries are verified with ${setup.secretSource}${setup.secretConfigured ? '' : html`, <strong>which is not set: deliveries will be refused</strong>`}.`}</p>
  ${setup.lastRejected ? html`<p class="small">Last refused delivery: ${maybeMoment(setup.lastRejected.at)} (${setup.lastRejected.reason ?? 'no reason recorded'}).</p>` : ''}
</section>`;
}
