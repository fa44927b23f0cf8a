/**
 * The one-click unsubscribe link in every digest (RFC 8058): a user id signed with the workspace's
 * signing key. It works without signing in, from any mail client, and can only ever turn that one
 * user's emails off, so it needs no expiry.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../crypto/tokens.js';

function signature(signingKey: Buffer, userId: number): string {
  return createHmac('sha256', signingKey).update(`unsubscribe:${userId}`).digest('base64url').slice(0, 32);
}

export function createUnsubscribeToken(signingKey: Buffer, userId: number): string {
  return `${userId}.${signature(signingKey, userId)}`;
}

/** The user id a token was made for, or null for anything not made by us. */
export function readUnsubscribeToken(signingKey: Buffer, token: string): number | null {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  return constantTimeEqual(match[2]!, signature(signingKey, userId)) ? userId : null;
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/notifications/unsubscribe/${token}`;
}
