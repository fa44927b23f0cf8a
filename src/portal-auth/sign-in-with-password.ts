import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { clearAttempts, releaseAttempt, reserveAttempt, type AttemptKey } from '../auth/attempt-limits.js';
import { dummyPasswordHash, hashPassword, MAX_PASSWORD_LENGTH, needsRehash, PasswordHashBusyError, verifyPassword } from '../auth/password-hash.js';
import type { MfaState, NewSession } from '../auth/create-session.js';
import { findSignInUser, normalizeEmail } from './find-sign-in-user.js';
import { startSignedInSession } from './start-signed-in-session.js';
import { auditLockouts } from './audit-lockouts.js';

export type PasswordSignInResult =
  | { ok: true; session: NewSession; mfaState: MfaState; clientId: number }
  /** Wrong email, wrong password, no password set: one answer for all (no enumeration). */
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number }
  /** Too many password hashes queued already: nothing was evaluated or counted (503 + Retry-After). */
  | { ok: false; reason: 'busy'; retryAfterMs: number };

/**
 * Email and password. Unknown addresses and accounts without a password are checked against a
 * dummy argon2id hash, so every wrong answer costs the same time; failures count per address and
 * per IP, and a locked address answers the same whether it exists or not. The attempt is reserved
 * before the hash runs (and given back if the password was right), so concurrent guesses cannot
 * slip past the limit: past it even the right password is refused. A hash made with older,
 * weaker parameters is re-made at a correct sign-in.
 */
export async function signInWithPassword(
  app: AppContext,
  input: { email: unknown; password: unknown; previousSessionId?: string; ip: string | null; userAgent: string | null },
  now: number,
): Promise<PasswordSignInResult> {
  const { store } = app;
  const key = app.keyring.signingKey;
  const email = normalizeEmail(input.email) ?? (typeof input.email === 'string' ? input.email.trim().toLowerCase().slice(0, 254) : '');
  const password = typeof input.password === 'string' ? input.password : '';
  const accountKey: AttemptKey = { rule: 'passwordAccount', subject: email };
  const keys: AttemptKey[] = [accountKey, ...(input.ip ? [{ rule: 'passwordIp' as const, subject: input.ip }] : [])];

  const reservation = await reserveAttempt(store, key, keys, now);
  if (!reservation.ok) {
    await insertAuditEntry(store.db, { workspaceId: app.workspaceId, actorType: 'portal_user', action: 'portal.sign_in_throttled', ip: input.ip, details: { email, via: 'password' } }, now);
    return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
  }
  const user = email ? await findSignInUser(store.db, app.workspaceId, email) : null;
  const usable = user && user.status === 'active' && user.passwordHash ? user : null;
  let verified: boolean;
  try {
    verified = await verifyPassword(usable?.passwordHash ?? dummyPasswordHash(), password);
  } catch (error) {
    if (!(error instanceof PasswordHashBusyError)) throw error;
    // Turned away unevaluated: the attempt does not count.
    await releaseAttempt(store.db, key, keys, now);
    return { ok: false, reason: 'busy', retryAfterMs: error.retryAfterSeconds * 1000 };
  }
  const matches = verified && usable !== null && password.length <= MAX_PASSWORD_LENGTH;

  if (!matches || !usable) {
    await store.transaction(async (tx) => {
      await auditLockouts(tx, reservation.exhausted, { workspaceId: app.workspaceId, userId: user?.userId, clientId: user?.clientId, email, ip: input.ip }, now);
      const reason = !user ? 'unknown_email' : !usable ? 'no_password' : 'bad_password';
      await insertAuditEntry(
        tx,
        { workspaceId: app.workspaceId, actorType: 'portal_user', actorId: user?.userId ?? null, action: 'portal.sign_in_failed', subjectType: user ? 'portal_user' : undefined, subjectId: user?.userId, clientId: user?.clientId ?? null, ip: input.ip, details: { reason, via: 'password', email } },
        now,
      );
    });
    return { ok: false, reason: 'invalid' };
  }

  // A busy moment only postpones the upgrade to the next sign-in.
  const rehashed = needsRehash(usable.passwordHash!) ? await hashPassword(password).catch((error: unknown) => (error instanceof PasswordHashBusyError ? null : Promise.reject(error))) : null;
  return store.transaction(async (tx): Promise<PasswordSignInResult> => {
    // The limits count wrong passwords: this right one frees its IP attempt, and the address starts afresh.
    await clearAttempts(tx, key, [accountKey]);
    await releaseAttempt(tx, key, keys.filter((k) => k !== accountKey), now);
    if (rehashed) await updatePortalUser(tx, usable.userId, { password_hash: rehashed }, { passwordHash: usable.passwordHash! });
    const { session, mfaState } = await startSignedInSession(
      app,
      tx,
      { userId: usable.userId, clientId: usable.clientId, workspaceId: usable.workspaceId, method: 'password', previousSessionId: input.previousSessionId, ip: input.ip, userAgent: input.userAgent },
      now,
    );
    return { ok: true, session, mfaState, clientId: usable.clientId };
  });
}
