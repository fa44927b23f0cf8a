import { createHash, createHmac } from 'node:crypto';

/**
 * PKCE (RFC 7636) for OAuth connects. The code verifier is derived from the single-use state with
 * the hub's signing key, so nothing more is stored between the redirect and the callback, and
 * nobody who sees the state in a URL can work the verifier out.
 */
export function pkceVerifier(signingKey: Buffer, state: string): string {
  return createHmac('sha256', signingKey).update(`oauth-pkce:${state}`).digest('base64url');
}

/** S256 challenge sent with the authorize request. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
