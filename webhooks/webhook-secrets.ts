import type { AppContext } from '../src/app/app-context.js';
import type { WebhookRegistry, WebhookSecretLookup } from '../src/connector-kit/connector.js';

/** How long after the hub asks a provider for a hook its handshake is accepted. */
export const HANDSHAKE_WINDOW_MS = 5 * 60_000;

/** The URL a hook is registered with: the hook id travels in the query, since handshakes arrive before the create call returns. */
export function webhookTargetUrl(publicUrl: string, provider: string, hookId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/${provider}?hook=${encodeURIComponent(hookId)}`;
}

/**
 * Stores the secret a handshake hands over, sealed, if and only if the hub is expecting that
 * hook's handshake: a stranger posting a handshake to the public endpoint cannot plant a secret
 * (and then sign deliveries with it), nor replace the secret of an established hook.
 */
export function acceptWebhookHandshake(
  app: AppContext,
  provider: string,
  hookId: string,
  secret: string,
  now = Date.now(),
): { ok: true; connectionId: number } | { ok: false; reason: string } {
  const row = app.db
    .prepare(
      `UPDATE webhook_secrets SET secret_sealed = ?, handshake_expected_until = NULL, updated_at = ?
       WHERE provider = ? AND hook_id = ? AND handshake_expected_until >= ? RETURNING connection_id`,
    )
    .get(app.keyring.seal(secret), now, provider, hookId, now) as { connection_id: number } | undefined;
  if (!row) return { ok: false, reason: `handshake for hook "${hookId}" was not expected (the hub did not just ask for that hook)` };
  return { ok: true, connectionId: row.connection_id };
}

/** Looks up one provider's stored hook secrets, opening them only when asked. */
export function webhookSecretLookup(app: AppContext, provider: string): WebhookSecretLookup {
  return (hookId) => {
    const row = app.db.prepare('SELECT secret_sealed, connection_id FROM webhook_secrets WHERE provider = ? AND hook_id = ?').get(provider, hookId) as
      | { secret_sealed: string | null; connection_id: number }
      | undefined;
    if (!row?.secret_sealed) return undefined;
    return { secret: app.keyring.open(row.secret_sealed), connectionId: row.connection_id };
  };
}

/** The hub's record of one connection's hooks at its provider. */
export function createWebhookRegistry(app: AppContext, provider: string, connectionId: number): WebhookRegistry {
  return {
    targetUrl: (hookId) => webhookTargetUrl(app.config.publicUrl, provider, hookId),
    expectHandshake(hookId) {
      const now = Date.now();
      // A hook id belongs to one connection: another connection's row is never taken over.
      const changed = app.db
        .prepare(
          `INSERT INTO webhook_secrets (provider, hook_id, connection_id, handshake_expected_until, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (provider, hook_id) DO UPDATE SET handshake_expected_until = excluded.handshake_expected_until, updated_at = excluded.updated_at
           WHERE webhook_secrets.connection_id = excluded.connection_id`,
        )
        .run(provider, hookId, connectionId, now + HANDSHAKE_WINDOW_MS, now, now).changes;
      if (changed === 0) throw new Error(`Hook "${hookId}" belongs to another ${provider} connection`);
    },
    list() {
      const rows = app.db
        .prepare('SELECT hook_id, remote_id, secret_sealed IS NOT NULL AS has_secret FROM webhook_secrets WHERE provider = ? AND connection_id = ? ORDER BY hook_id')
        .all(provider, connectionId) as { hook_id: string; remote_id: string | null; has_secret: number }[];
      return rows.map((r) => ({ hookId: r.hook_id, remoteId: r.remote_id, hasSecret: r.has_secret === 1 }));
    },
    remember(hookId, remoteId) {
      app.db.prepare('UPDATE webhook_secrets SET remote_id = ?, updated_at = ? WHERE provider = ? AND hook_id = ? AND connection_id = ?').run(remoteId, Date.now(), provider, hookId, connectionId);
    },
    storeSecret(hookId, remoteId, secret) {
      const now = Date.now();
      const changed = app.db
        .prepare(
          `INSERT INTO webhook_secrets (provider, hook_id, connection_id, remote_id, secret_sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (provider, hook_id) DO UPDATE SET remote_id = excluded.remote_id, secret_sealed = excluded.secret_sealed, updated_at = excluded.updated_at
           WHERE webhook_secrets.connection_id = excluded.connection_id`,
        )
        .run(provider, hookId, connectionId, remoteId, app.keyring.seal(secret), now, now).changes;
      if (changed === 0) throw new Error(`Hook "${hookId}" belongs to another ${provider} connection`);
    },
    forget(hookId) {
      app.db.prepare('DELETE FROM webhook_secrets WHERE provider = ? AND hook_id = ? AND connection_id = ?').run(provider, hookId, connectionId);
    },
  };
}
