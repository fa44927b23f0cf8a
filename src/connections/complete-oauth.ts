import type { AppContext } from '../app/app-context.js';
import { hashToken } from '../crypto/tokens.js';
import { saveConnection, type Connection } from './connection-repository.js';
import { pkceVerifier } from './pkce.js';
import { claimOAuthState } from '../store/oauth/claim-oauth-state.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';

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
  // Claimed before the provider is called (one use only), outside any transaction.
  const claimed = await claimOAuthState(app.store.db, hashToken(app.keyring.signingKey, input.state), provider, now);
  if (!claimed) throw new OAuthStateError('This connect link is invalid, expired or was already used: start again');
  const { settings = {}, ...credentials } = await connector.oauth.exchangeCode({
    code: input.code,
    redirectUri: claimed.redirectUri,
    config: app.config,
    callbackParams: input.callbackParams,
    pkce: connector.oauth.pkce ? { verifier: pkceVerifier(app.keyring.signingKey, input.state) } : undefined,
  });
  const workspaceId = claimed.workspaceId;
  // The connection and its audit row in one transaction (the provider was called before it).
  const connection = await app.store.transaction(async (tx) => {
    const saved = await saveConnection(tx, app.keyring, { workspaceId, provider, label: 'oauth', authType: 'oauth', credentials, settings });
    await insertAuditEntry(tx, { workspaceId, actorType: 'staff', actorId: by?.staffUserId ?? null, ip: by?.ip ?? null, action: 'connection.connected', subjectType: 'connection', subjectId: saved.id, details: { provider, via: 'oauth' } });
    return saved;
  });
  return connection;
}

export class OAuthStateError extends Error {}
