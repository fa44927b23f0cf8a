import type { Queryable } from '../store/store.js';
import { useAuthToken } from '../store/auth/use-auth-token.js';
import { findAuthTokenState } from '../store/auth/find-auth-token-state.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { findPortalUser } from '../store/auth/find-portal-user.js';
import { hashToken } from '../crypto/tokens.js';
import type { AuthTokenPurpose } from './create-auth-token.js';

/** Why a link did not work: for the audit log only, never shown to the person holding the link. */
export type ConsumeFailure = 'malformed' | 'unknown' | 'used' | 'revoked' | 'expired' | 'user_disabled' | 'client_offboarded';

export type ConsumeResult =
  | { ok: true; userId: number; clientId: number; workspaceId: number; purpose: AuthTokenPurpose; activated: boolean }
  | { ok: false; reason: ConsumeFailure; userId: number | null; clientId: number | null; workspaceId: number | null };

/** Our tokens are 43 base64url characters; anything far off that shape is not worth hashing. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Uses a link token once. The conditional UPDATE is the single-use guarantee: two concurrent
 * clicks (or a replay) cannot both succeed, because only one of them can flip used_at from NULL.
 * Disabled users and off-boarded clients are excluded in the same statement, so their tokens stay
 * unused rather than being burnt. Call it with the caller's transaction so the sign-in and its
 * audit rows commit together.
 */
export async function consumeAuthToken(q: Queryable, signingKey: Buffer, token: string, now = Date.now()): Promise<ConsumeResult> {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed', userId: null, clientId: null, workspaceId: null };
  const tokenHash = hashToken(signingKey, token);
  const used = await useAuthToken(q, tokenHash, now);
  if (!used) return explainFailure(q, tokenHash, now);
  // Any link proves the person controls the mailbox, which is all an invitation asks for.
  const activated = await updatePortalUser(q, used.userId, { status: 'active' }, { status: 'invited' });
  const user = await findPortalUser(q, used.userId);
  if (!user) throw new Error(`portal user ${used.userId} of a used link is gone`);
  return { ok: true, userId: used.userId, clientId: user.clientId, workspaceId: user.workspaceId, purpose: used.purpose as AuthTokenPurpose, activated };
}

async function explainFailure(q: Queryable, tokenHash: string, now: number): Promise<ConsumeResult> {
  const row = await findAuthTokenState(q, tokenHash);
  if (!row) return { ok: false, reason: 'unknown', userId: null, clientId: null, workspaceId: null };
  const reason: ConsumeFailure =
    row.usedAt != null ? 'used'
    : row.revokedAt != null ? 'revoked'
    : row.expiresAt <= now ? 'expired'
    : row.userStatus === 'disabled' ? 'user_disabled'
    : 'client_offboarded';
  return { ok: false, reason, userId: row.userId, clientId: row.clientId, workspaceId: row.workspaceId };
}
