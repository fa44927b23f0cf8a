import type { AppContext } from '../src/app/app-context.js';
import type { WebhookEvent } from '../src/connector-kit/connector.js';
import { deliveryStoreOf } from '../src/db/delivery-handle.js';
import { listProviderConnections } from '../src/store/webhooks/list-provider-connections.js';
import { updateConnectionSettingsIfUnchanged } from '../src/store/webhooks/update-connection-settings-if-unchanged.js';

/** Two tries: a second is needed only when another delivery taught the connection its account at the same moment. */
const ATTEMPTS = 2;

/**
 * Which connection a delivery belongs to: the one whose settings name the provider account
 * the events come from (HubSpot portalId...). With a single connection for the provider
 * and no account id known yet, that one, and it learns the account id (only if its settings
 * are unchanged since they were read: two deliveries naming different accounts cannot both claim it).
 * Read and written through the acknowledgement path's store.
 */
export async function resolveWebhookConnection(
  app: AppContext,
  provider: string,
  events: WebhookEvent[],
): Promise<{ ok: true; connectionId: number } | { ok: false; reason: string }> {
  const accounts = [...new Set(events.map((e) => e.accountId).filter((a): a is string => a != null))];
  const store = deliveryStoreOf(app);
  for (let attempt = 1; ; attempt++) {
    const candidates = await listProviderConnections(store.db, provider);
    if (candidates.length === 0) return { ok: false, reason: `no ${provider} connection is configured` };
    if (accounts.length > 1) return { ok: false, reason: `one delivery names several accounts (${accounts.join(', ')})` };
    const account = accounts[0];
    if (account) {
      const match = candidates.find((c) => c.settings.accountId === account || c.settings.portalId === account);
      if (match) return { ok: true, connectionId: match.id };
    }
    const unclaimed = candidates.filter((c) => c.settings.portalId == null && c.settings.accountId == null);
    if (candidates.length === 1 && unclaimed.length === 1) {
      const only = candidates[0]!;
      if (!account) return { ok: true, connectionId: only.id };
      const settings = JSON.stringify({ ...only.settings, accountId: account });
      const learned = await store.transaction((tx) => updateConnectionSettingsIfUnchanged(tx, only.id, only.settingsJson, settings));
      if (learned) return { ok: true, connectionId: only.id };
      if (attempt < ATTEMPTS) continue;
    }
    return { ok: false, reason: `no ${provider} connection for account ${account ?? '(none named)'}` };
  }
}
