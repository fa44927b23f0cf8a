import { html } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';
import type { ConnectionHealth } from '../../../src/staff/read/load-sync-health.js';
import { notice } from './staff-layout.js';
import { syncHealthSection } from './sync-health-section.js';

export function syncPage(input: { health: ConnectionHealth[]; canRun: boolean; csrfToken: string; message: { text: string; kind: 'ok' | 'error' } | null; refreshSeconds?: number }): PageContent & { refreshSeconds?: number } {
  return {
    title: 'Sync health',
    navKey: 'sync',
    refreshSeconds: input.refreshSeconds,
    body: html`<h1>Sync health</h1>
<p class="lead">Every object of every connection: its last run, what it changed, where its cursor stands and when it runs next.${input.refreshSeconds ? ' A sync is running: this page refreshes itself every few seconds.' : ''}</p>
${input.message ? notice(input.message.text, input.message.kind) : ''}
${input.health.length === 0 ? html`<section class="card"><p>Nothing is connected yet. <a href="/staff/connect">Connect an account</a>.</p></section>` : ''}
${input.health.map((health) => syncHealthSection(health, { canRun: input.canRun, csrfToken: input.csrfToken, headingLevel: 2 }))}`,
  };
}
