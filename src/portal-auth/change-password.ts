import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findPortalUser } from '../store/auth/find-portal-user.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { endSessions } from '../store/auth/end-sessions.js';
import { releaseAttempt, reserveAttempt, type AttemptKey } from '../auth/attempt-limits.js';
import { checkNewPassword, hashPassword, PasswordHashBusyError, verifyPassword, type PasswordProblem } from '../auth/password-hash.js';
import type { PortalSession } from '../auth/read-session.js';
import { auditLockouts } from './audit-lockouts.js';

export type ChangePasswordResult =
  | { ok: true; otherSessionsEnded: number }
  | { ok: false; reason: PasswordProblem | 'wrong_current' }
  | { ok: false; reason: 'throttled' | 'busy'; retryAfterMs: number };

/** A hashing-queue refusal as a result; anything else is rethrown. */
function busy(error: unknown): ChangePasswordResult {
  if (!(error instanceof PasswordHashBusyError)) throw error;
  return { ok: false, reason: 'busy', retryAfterMs: error.retryAfterSeconds * 1000 };
}

/**
 * Sets or changes the signed-in user's password. Changing one needs the current password (counted
 * against the same per-address limit as sign-in, or this form would be a way round it; reserved
 * before the hash, like sign-in, and given back when it was right); every other
 * session of the user ends, since a password change is what someone does when they fear a leak.
 */
export async function changePassword(
  app: AppContext,
  session: PortalSession,
  input: { current: unknown; password: unknown; confirmation: unknown; ip: string | null },
  now: number,
): Promise<ChangePasswordResult> {
  const { store } = app;
  const key = app.keyring.signingKey;
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  const stored = (await findPortalUser(store.db, session.userId))?.passwordHash ?? null;
  const keys: AttemptKey[] = [{ rule: 'passwordAccount', subject: session.email }];
  if (stored) {
    const reservation = await reserveAttempt(store, key, keys, now);
    if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
    let right: boolean;
    try {
      right = await verifyPassword(stored, str(input.current));
    } catch (error) {
      await releaseAttempt(store.db, key, keys, now);
      return busy(error);
    }
    if (!right) {
      await store.transaction(async (tx) => {
        await auditLockouts(tx, reservation.exhausted, { workspaceId: session.workspaceId, userId: session.userId, clientId: session.clientId, email: session.email, ip: input.ip }, now);
        await insertAuditEntry(tx, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'portal.password_change_failed', subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip: input.ip, details: { reason: 'wrong_current' } }, now);
      });
      return { ok: false, reason: 'wrong_current' };
    }
    await releaseAttempt(store.db, key, keys, now);
  }
  const problem = checkNewPassword(str(input.password), str(input.confirmation), session.email);
  if (problem) return { ok: false, reason: problem };
  let hash: string;
  try {
    hash = await hashPassword(str(input.password));
  } catch (error) {
    return busy(error);
  }
  return store.transaction(async (tx): Promise<ChangePasswordResult> => {
    await updatePortalUser(tx, session.userId, { password_hash: hash, password_changed_at: now });
    const ended = await endSessions(tx, { userId: session.userId, exceptIdHash: session.idHash }, now);
    await insertAuditEntry(tx, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: stored ? 'portal.password_changed' : 'portal.password_set', subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip: input.ip, details: { otherSessionsEnded: ended } }, now);
    return { ok: true, otherSessionsEnded: ended };
  });
}
