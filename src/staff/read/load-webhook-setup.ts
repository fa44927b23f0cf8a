import type { AppContext } from '../../app/app-context.js';
import { listConnections } from '../../connections/connection-repository.js';

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

export function loadWebhookSetup(app: AppContext, onlyConnectionId?: number): WebhookSetup[] {
  const { db } = app;
  const lastAccepted = db.prepare(`SELECT MAX(received_at) AS at FROM webhook_deliveries WHERE provider = ? AND status = 'accepted' AND (connection_id = ? OR connection_id IS NULL)`);
  const lastRejected = db.prepare(`SELECT received_at AS at, reason FROM webhook_deliveries WHERE provider = ? AND status = 'rejected' AND (connection_id = ? OR connection_id IS NULL) ORDER BY id DESC LIMIT 1`);
  const hookSecrets = db.prepare('SELECT COUNT(*) AS n FROM webhook_secrets WHERE connection_id = ? AND secret_sealed IS NOT NULL');
  return listConnections(db)
    .filter((c) => c.workspaceId === app.workspaceId && (onlyConnectionId === undefined || c.id === onlyConnectionId) && app.connectors.has(c.provider))
    .map((connection) => {
      const connector = app.connectors.get(connection.provider);
      // A secret configured by hand (Stripe's STRIPE_WEBHOOK_SECRET) means the endpoint is managed by hand.
      const declared = connector.webhookSecret;
      const byHand = declared ? { configured: declared.configured(app.config), source: declared.source } : { configured: false, source: 'not configured' };
      const automatic = Boolean(connector.maintainWebhooks) && !byHand.configured;
      const secret = automatic
        ? { configured: (hookSecrets.get(connection.id) as { n: number }).n > 0, source: 'a secret per hook, handed over by the provider when the hub registers it' }
        : byHand;
      const rejected = lastRejected.get(connection.provider, connection.id) as { at: number; reason: string | null } | undefined;
      return {
        connectionId: connection.id,
        provider: connection.provider,
        providerName: connector.displayName,
        label: connection.label,
        url: `${app.config.publicUrl}/webhooks/${connection.provider}`,
        secretConfigured: secret.configured,
        secretSource: secret.source,
        automatic,
        lastVerifiedAt: (lastAccepted.get(connection.provider, connection.id) as { at: number | null }).at,
        lastRejected: rejected ?? null,
        supported: Boolean(connector.webhook),
      };
    });
}
