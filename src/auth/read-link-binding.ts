import type { Queryable } from '../store/store.js';
import { findLinkBinding } from '../store/auth/find-link-binding.js';
import { hashToken } from '../crypto/tokens.js';

export interface LinkBinding {
  /** Hash of the nonce cookie of the browser that asked for the link; null for unbound links. */
  browserHash: string | null;
  /** The address the link was sent to: who opens it elsewhere must type it. */
  email: string;
  userId: number;
}

/**
 * Looks at a link without using it: whether it is bound to a browser. Only links that could still
 * sign in are returned; for any other, the caller lets consumeAuthToken fail (and audit) as usual.
 */
export async function readLinkBinding(q: Queryable, signingKey: Buffer, token: string, now: number): Promise<LinkBinding | null> {
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  return findLinkBinding(q, hashToken(signingKey, token), now);
}
