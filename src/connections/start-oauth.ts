import type { AppContext } from '../app/app-context.js';
import { hashToken, randomToken } from '../crypto/tokens.js';
import { pkceChallenge, pkceVerifier } from './pkce.js';

const STATE_LIFETIME_MS = 10 * 60_000;

export function oauthRedirectUri(app: AppContext, provider: string): string {
  return `${app.config.publicUrl}/oauth/${provider}/callback`;
}

/**
 * Starts an OAuth connect: a single-use state bound to this workspace, and the provider's authorize URL.
 * From the staff console the state is also bound to the staff member who started it: the callback
 * then completes only in that staff member's own signed-in session.
 */
export function startOAuth(app: AppContext, provider: string, now = Date.now(), options: { staffUserId?: number } = {}): { url: string; state: string } {
  const connector = app.connectors.get(provider);
  if (!connector.oauth) throw new Error(`${connector.displayName} does not connect with OAuth`);
  const state = randomToken();
  const redirectUri = oauthRedirectUri(app, provider);
  app.db
    .prepare(`INSERT INTO oauth_states (state_hash, provider, workspace_id, redirect_uri, created_at, expires_at, staff_user_id) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(hashToken(app.keyring.signingKey, state), provider, app.workspaceId, redirectUri, now, now + STATE_LIFETIME_MS, options.staffUserId ?? null);
  const pkce = connector.oauth.pkce ? { challenge: pkceChallenge(pkceVerifier(app.keyring.signingKey, state)) } : undefined;
  return { url: connector.oauth.authorizeUrl({ state, redirectUri, config: app.config, pkce }), state };
}
