import type { AppContext } from '../src/app/app-context.js';
import type { WebhookEvent } from '../src/connector-kit/connector.js';
import { listConnections } from '../src/connections/connection-repository.js';

/**
 * Which connection a delivery belongs to: the one whose settings name the provider account
 * the events come from (HubSpot portalId...). With a single connection for the provider
 * and no account id known yet, that one, and it learns the account id.
 */
export function resolveWebhookConnection(
  app: AppContext,
  provider: string,
  events: WebhookEvent[],
): { ok: true; connectionId: number } | { ok: false; reason: string } {
  const candidates = listConnections(app.db, { provider }).filter((c) => c.status !== 'disconnected');
  if (candidates.length === 0) return { ok: false, reason: `no ${provider} connection is configured` };
  const accounts = [...new Set(events.map((e) => e.accountId).filter((a): a is string => a != null))];
  if (accounts.length > 1) return { ok: false, reason: `one delivery names several accounts (${accounts.join(', ')})` };
  const account = accounts[0];
  if (account) {
    const match = candidates.find((c) => c.settings.accountId === account || c.settings.portalId === account);
    if (match) return { ok: true, connectionId: match.id };
  }
  const unclaimed = candidates.filter((c) => c.settings.portalId == null && c.settings.accountId == null);
  if (candidates.length === 1 && unclaimed.length === 1) {
    const only = candidates[0]!;
    if (account) {
      app.db.prepare('UPDATE connections SET settings = ? WHERE id = ?').run(JSON.stringify({ ...only.settings, accountId: account }), only.id);
    }
    return { ok: true, connectionId: only.id };
  }
  return { ok: false, reason: `no ${provider} connection for account ${account ?? '(none named)'}` };
}
