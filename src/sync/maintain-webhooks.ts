import type { AppContext } from '../app/app-context.js';
import type { WebhookMaintenance } from '../connector-kit/connector.js';
import { findConnection } from '../store/connections/find-connection.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { createWebhookRegistry } from '../../webhooks/webhook-secrets.js';

/** provider_metadata key holding when a connection's hooks were last checked (the scheduler reads it). */
export const WEBHOOKS_CHECKED_KEY = '$webhooks.checkedAt';

/**
 * Makes sure a connection's hooks exist at its provider (and registers again those it dropped).
 * Webhooks only make changes arrive sooner — polling stays the safety net — so a failure is
 * logged and retried at the next check, never allowed to mark the connection unhealthy.
 */
export async function maintainWebhooks(app: AppContext, connectionId: number): Promise<WebhookMaintenance | null> {
  const connection = await findConnection(app.store.db, connectionId);
  if (!connection || connection.status !== 'active' || !app.connectors.has(connection.provider)) return null;
  const connector = app.connectors.get(connection.provider);
  if (!connector.maintainWebhooks) return null;
  const context = await buildConnectorContext(app, connection);
  context.metadata.set(WEBHOOKS_CHECKED_KEY, Date.now());
  try {
    const report = await connector.maintainWebhooks(context, createWebhookRegistry(app, connection.provider, connection.id));
    app.logger.info('webhooks checked', { connectionId, provider: connection.provider, ...report });
    return report;
  } catch (error) {
    app.logger.warn('webhook maintenance failed; polling continues', { connectionId, provider: connection.provider, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}
