import type { AppContext } from '../app/app-context.js';
import { hashToken, randomToken } from '../crypto/tokens.js';
import { pkceChallenge, pkceVerifier } from './pkce.js';
import { insertOAuthState } from '../store/oauth/insert-oauth-state.js';

const STATE_LIFETIME_MS = 10 * 60_000;

export function oauthRedirectUri(app: AppContext, provider: string): string {
  return `${app.config.publicUrl}/oauth/${provider}/callback`;
}

/**
 * Starts an OAuth connect: a single-use state bound to this workspace, and the provider's authorize URL.
 * From the staff console the state is also bound to the staff member who started it: the callback
 * then completes only in that staff member's own signed-in session.
 */
export async function startOAuth(app: AppContext, provider: string, now = Date.now(), options: { staffUserId?: number } = {}): Promise<{ url: string; state: string }> {
  const connector = app.connectors.get(provider);
  if (!connector.oauth) throw new Error(`${connector.displayName} does not connect with OAuth`);
  const state = randomToken();
  const redirectUri = oauthRedirectUri(app, provider);
  await insertOAuthState(app.store.db, {
    stateHash: hashToken(app.keyring.signingKey, state),
    provider,
    workspaceId: app.workspaceId,
    redirectUri,
    createdAt: now,
    expiresAt: now + STATE_LIFETIME_MS,
    staffUserId: options.staffUserId ?? null,
  });
  const pkce = connector.oauth.pkce ? { challenge: pkceChallenge(pkceVerifier(app.keyring.signingKey, state)) } : undefined;
  return { url: connector.oauth.authorizeUrl({ state, redirectUri, config: app.config, pkce }), state };
}
