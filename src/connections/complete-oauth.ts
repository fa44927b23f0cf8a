import type { AppContext } from '../app/app-context.js';
import { hashToken } from '../crypto/tokens.js';
import { saveConnection, type Connection } from './connection-repository.js';
import { writeAudit } from '../audit/write-audit.js';
import { pkceVerifier } from './pkce.js';

/** Finishes an OAuth connect: the state must be ours, unused and fresh; the code is exchanged and the tokens sealed. */
export async function completeOAuth(
  app: AppContext,
  provider: string,
  input: { state: string; code: string; callbackParams?: Record<string, string> },
  now = Date.now(),
  /** The staff member whose console session completes the connect, for the audit row. */
  by: { staffUserId: number; ip: string | null } | null = null,
): Promise<Connection> {
  const connector = app.connectors.get(provider);
  if (!connector.oauth) throw new Error(`${connector.displayName} does not connect with OAuth`);
  const claimed = app.db
    .prepare(
      `UPDATE oauth_states SET used_at = ? WHERE state_hash = ? AND provider = ? AND used_at IS NULL AND expires_at > ? RETURNING workspace_id, redirect_uri`,
    )
    .get(now, hashToken(app.keyring.signingKey, input.state), provider, now) as { workspace_id: number; redirect_uri: string } | undefined;
  if (!claimed) throw new OAuthStateError('This connect link is invalid, expired or was already used: start again');
  const { settings = {}, ...credentials } = await connector.oauth.exchangeCode({
    code: input.code,
    redirectUri: claimed.redirect_uri,
    config: app.config,
    callbackParams: input.callbackParams,
    pkce: connector.oauth.pkce ? { verifier: pkceVerifier(app.keyring.signingKey, input.state) } : undefined,
  });
  const connection = saveConnection(app.db, app.keyring, {
    workspaceId: claimed.workspace_id,
    provider,
    label: 'oauth',
    authType: 'oauth',
    credentials,
    settings,
  });
  writeAudit(app.db, { workspaceId: claimed.workspace_id, actorType: 'staff', actorId: by?.staffUserId ?? null, ip: by?.ip ?? null, action: 'connection.connected', subjectType: 'connection', subjectId: connection.id, details: { provider, via: 'oauth' } });
  return connection;
}

export class OAuthStateError extends Error {}
