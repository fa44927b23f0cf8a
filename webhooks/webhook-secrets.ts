import type { AppContext } from '../src/app/app-context.js';
import type { WebhookRegistry, WebhookSecretLookup } from '../src/connector-kit/connector.js';
import { deliveryStoreOf } from '../src/db/delivery-handle.js';
import { updateHandshakeSecret } from '../src/store/webhooks/update-handshake-secret.js';
import { findWebhookSecret } from '../src/store/webhooks/find-webhook-secret.js';
import { upsertExpectedHandshake } from '../src/store/webhooks/upsert-expected-handshake.js';
import { listConnectionHooks } from '../src/store/webhooks/list-connection-hooks.js';
import { updateHookRemoteId } from '../src/store/webhooks/update-hook-remote-id.js';
import { upsertWebhookHookSecret } from '../src/store/webhooks/upsert-webhook-hook-secret.js';
import { deleteConnectionHook } from '../src/store/webhooks/delete-connection-hook.js';

/** How long after the hub asks a provider for a hook its handshake is accepted. */
export const HANDSHAKE_WINDOW_MS = 5 * 60_000;

/** The URL a hook is registered with: the hook id travels in the query, since handshakes arrive before the create call returns. */
export function webhookTargetUrl(publicUrl: string, provider: string, hookId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/${provider}?hook=${encodeURIComponent(hookId)}`;
}

/** The hook a delivery's URL names (webhookTargetUrl's `hook` parameter), if any. */
export function hookIdOfUrl(url: string): string | null {
  try {
    return new URL(url).searchParams.get('hook');
  } catch {
    return null;
  }
}

/**
 * Stores the secret a handshake hands over, sealed, if and only if the hub is expecting that
 * hook's handshake: a stranger posting a handshake to the public endpoint cannot plant a secret
 * (and then sign deliveries with it), nor replace the secret of an established hook.
 * Written through the acknowledgement path's store: the handshake's answer waits for no job.
 */
export async function acceptWebhookHandshake(
  app: AppContext,
  provider: string,
  hookId: string,
  secret: string,
  now = Date.now(),
): Promise<{ ok: true; connectionId: number } | { ok: false; reason: string }> {
  const secretSealed = app.keyring.seal(secret);
  const connectionId = await deliveryStoreOf(app).transaction((tx) => updateHandshakeSecret(tx, { provider, hookId, secretSealed, now }));
  if (connectionId === undefined) return { ok: false, reason: `handshake for hook "${hookId}" was not expected (the hub did not just ask for that hook)` };
  return { ok: true, connectionId };
}

/**
 * The stored secret of the hook a delivery's URL names, looked up before verification (a connector
 * verifies synchronously): the hub registers every hook at webhookTargetUrl, so the URL's `hook`
 * parameter is the only hook id a connector can ask for. Opened only when asked.
 */
export async function webhookSecretLookup(app: AppContext, provider: string, url: string): Promise<WebhookSecretLookup> {
  const hookId = hookIdOfUrl(url);
  const row = hookId ? await findWebhookSecret(deliveryStoreOf(app).db, provider, hookId) : undefined;
  return (asked) => {
    if (asked !== hookId || !row?.secretSealed) return undefined;
    return { secret: app.keyring.open(row.secretSealed), connectionId: row.connectionId };
  };
}

/** The hub's record of one connection's hooks at its provider. */
export function createWebhookRegistry(app: AppContext, provider: string, connectionId: number): WebhookRegistry {
  return {
    targetUrl: (hookId) => webhookTargetUrl(app.config.publicUrl, provider, hookId),
    async expectHandshake(hookId) {
      const now = Date.now();
      // A hook id belongs to one connection: another connection's row is never taken over.
      const opened = await upsertExpectedHandshake(app.store.db, { provider, hookId, connectionId, until: now + HANDSHAKE_WINDOW_MS, now });
      if (!opened) throw new Error(`Hook "${hookId}" belongs to another ${provider} connection`);
    },
    list: () => listConnectionHooks(app.store.db, provider, connectionId),
    async remember(hookId, remoteId) {
      await updateHookRemoteId(app.store.db, { provider, hookId, connectionId, remoteId, now: Date.now() });
    },
    async storeSecret(hookId, remoteId, secret) {
      const stored = await upsertWebhookHookSecret(app.store.db, { provider, hookId, connectionId, remoteId, secretSealed: app.keyring.seal(secret), now: Date.now() });
      if (!stored) throw new Error(`Hook "${hookId}" belongs to another ${provider} connection`);
    },
    forget: (hookId) => deleteConnectionHook(app.store.db, provider, hookId, connectionId),
  };
}
