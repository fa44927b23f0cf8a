import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A 256-bit random token, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Keyed hash for storing tokens: a database leak does not reveal usable links or session ids. */
export function hashToken(signingKey: Buffer, token: string): string {
  return createHmac('sha256', signingKey).update(token).digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
