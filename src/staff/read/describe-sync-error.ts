/** Where a connection's credentials came from: the remedy for a refusal depends on it. */
export interface CredentialKind {
  provider: string;
  /** 'env' for the connection the environment variables describe (src/connections/save-environment-connections.ts). */
  label: string;
  authType: 'token' | 'oauth';
  /** The variables holding the provider's environment credentials, as its connector declares them. */
  variables?: { token?: string; refresh?: string };
}

/**
 * A token from the environment (a HubSpot private-app token, an Asana PAT, a Stripe key) is fixed
 * in the environment, not by "reconnecting"; an OAuth grant made in the console is fixed by
 * reconnecting there; a key pasted in the console by pasting a new one.
 */
function authFailureRemedy(providerName: string, credential: CredentialKind): string {
  const variables = credential.variables?.token ? { token: credential.variables.token, refresh: credential.variables.refresh } : undefined;
  if (credential.label === 'env' && variables) {
    if (credential.authType === 'token') return `${providerName} refused the token given in ${variables.token}: replace the token in ${variables.token} with a valid one and restart the hub.`;
    return `${providerName} no longer accepts the authorisation given in ${variables.refresh ?? variables.token}: replace ${variables.token}${variables.refresh ? ` and ${variables.refresh}` : ''} with a fresh grant and restart the hub, or connect ${providerName} from the console's Connect page instead.`;
  }
  if (credential.authType === 'oauth') return `${providerName} no longer accepts the stored authorisation: reconnect ${providerName} from the Connect page.`;
  return `${providerName} refused the stored key or token: paste a new one for ${providerName} on the console's Connect page.`;
}

/**
 * A plain "what to do" for a provider's error text. The provider's own words are always shown
 * too (they are what support will ask for); this only says which button or setting fixes it.
 */
export function describeSyncError(providerName: string, error: string | null, credential?: CredentialKind): string | null {
  if (!error) return null;
  const text = error.toLowerCase();
  const authRemedy = credential ? authFailureRemedy(providerName, credential) : null;
  // A refresh that failed is an OAuth grant whatever the row says: only the environment's grant is fixed elsewhere.
  if (/invalid_grant|bad_refresh_token|refresh token (expired|was already used|is invalid)|reconnect/.test(text)) {
    return credential?.label === 'env' && credential.variables?.token ? authFailureRemedy(providerName, { ...credential, authType: 'oauth' }) : `${providerName} no longer accepts the stored authorisation: reconnect ${providerName} from the Connect page.`;
  }
  if (/\b401\b|unauthori[sz]ed|expired_authentication|invalid_session|invalid api key|authentication/.test(text)) return authRemedy ?? `${providerName} refused the credentials: reconnect, or paste a new key or token on the Connect page.`;
  if (/\b403\b|forbidden|scope|permission|insufficient/.test(text)) return `The ${providerName} account lacks a permission the hub needs: grant the read scopes listed on the Connect page, then reconnect.`;
  if (/\b429\b|rate limit|too many requests|request_limit_exceeded/.test(text)) return `${providerName}'s request limit was reached. The hub slows down and retries by itself; press Run now later if it stays stuck.`;
  if (/econnrefused|enotfound|etimedout|network|fetch failed|socket/.test(text)) return `The hub could not reach ${providerName}. Check the provider's status page and the configured base URL, then press Run now.`;
  if (/\b5\d\d\b|internal error|service unavailable|bad gateway/.test(text)) return `${providerName} had a server error. It is usually temporary: press Run now in a few minutes.`;
  if (/mapping|invalid|parse/.test(text)) return 'A payload could not be read. See Dead letters for the records involved; replay them after the mapping is fixed.';
  return `Press Run now to try again. If the same error comes back, check the ${providerName} account or contact support with the message above.`;
}
