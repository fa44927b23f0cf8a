import type { AppContext } from '../../app/app-context.js';
import { listWorkspaceConnections } from '../../store/connections/list-workspace-connections.js';
import { findLastWebhookDeliveries } from '../../store/staff-console/find-last-webhook-deliveries.js';
import { countHookSecrets } from '../../store/staff-console/count-hook-secrets.js';

export interface WebhookSetup {
  connectionId: number;
  provider: string;
  providerName: string;
  label: string;
  /** The exact address to paste into the provider's webhook settings. */
  url: string;
  /** How the hub verifies deliveries, and whether what it needs is configured. */
  secretConfigured: boolean;
  secretSource: string;
  /** Asana registers its own hooks: nothing to paste. */
  automatic: boolean;
  lastVerifiedAt: number | null;
  lastRejected: { at: number; reason: string | null } | null;
  supported: boolean;
}

export async function loadWebhookSetup(app: AppContext, onlyConnectionId?: number): Promise<WebhookSetup[]> {
  const q = app.store.db;
  const connections = (await listWorkspaceConnections(q, app.workspaceId)).filter((c) => (onlyConnectionId === undefined || c.id === onlyConnectionId) && app.connectors.has(c.provider));
  const setups: WebhookSetup[] = [];
  for (const connection of connections) {
    const connector = app.connectors.get(connection.provider);
    // A secret configured by hand (Stripe's STRIPE_WEBHOOK_SECRET) means the endpoint is managed by hand.
    const declared = connector.webhookSecret;
    const byHand = declared ? { configured: declared.configured(app.config), source: declared.source } : { configured: false, source: 'not configured' };
    const automatic = Boolean(connector.maintainWebhooks) && !byHand.configured;
    const secret = automatic
      ? { configured: (await countHookSecrets(q, connection.id)) > 0, source: 'a secret per hook, handed over by the provider when the hub registers it' }
      : byHand;
    const last = await findLastWebhookDeliveries(q, connection.provider, connection.id);
    setups.push({
      connectionId: connection.id,
      provider: connection.provider,
      providerName: connector.displayName,
      label: connection.label,
      url: `${app.config.publicUrl}/webhooks/${connection.provider}`,
      secretConfigured: secret.configured,
      secretSource: secret.source,
      automatic,
      lastVerifiedAt: last.acceptedAt,
      lastRejected: last.rejected,
      supported: Boolean(connector.webhook),
    });
  }
  return setups;
}
