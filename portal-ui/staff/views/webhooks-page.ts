import { html } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { WebhookSetup } from '../../../src/staff/read/load-webhook-setup.js';
import { webhookSetupSection } from './webhook-setup-section.js';

export function webhooksPage(setups: WebhookSetup[]): PageContent {
  return {
    title: 'Webhooks',
    navKey: 'webhooks',
    body: html`<h1>Webhooks</h1>
<p class="lead">Webhooks make changes arrive within seconds; polling stays the safety net. Each connection’s endpoint, whether its deliveries can be verified, and the last one that was.</p>
${setups.length === 0 ? html`<section class="card"><p>Nothing is connected yet.</p></section>` : ''}
${setups.map((setup) => webhookSetupSection(setup, 2))}`,
  };
}
