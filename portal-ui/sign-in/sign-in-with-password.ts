import type { AppContext } from '../../src/app/app-context.js';
import { writeTransaction } from '../../src/db/open-database.js';
import { writeAudit } from '../../src/audit/write-audit.js';
import { clearAttempts, countAttempt, lockedFor, type AttemptKey } from '../../src/auth/attempt-limits.js';
import { dummyPasswordHash, hashPassword, MAX_PASSWORD_LENGTH, needsRehash, verifyPassword } from '../../src/auth/password-hash.js';
import type { MfaState, NewSession } from '../../src/auth/create-session.js';
import { findSignInUser, normalizeEmail } from './find-sign-in-user.js';
import { startSignedInSession } from './start-signed-in-session.js';
import { auditLockouts } from './audit-lockouts.js';

export type PasswordSignInResult =
  | { ok: true; session: NewSession; mfaState: MfaState; clientId: number }
  /** Wrong email, wrong password, no password set: one answer for all (no enumeration). */
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * Email and password. Unknown addresses and accounts without a password are checked against a
 * dummy argon2id hash, so every wrong answer costs the same time; failures count per address and
 * per IP, and a locked address answers the same whether it exists or not. A hash made with older,
 * weaker parameters is re-made at a correct sign-in.
 */
export async function signInWithPassword(
  app: AppContext,
  input: { email: unknown; password: unknown; previousSessionId?: string; ip: string | null; userAgent: string | null },
  now: number,
): Promise<PasswordSignInResult> {
  const { db } = app;
  const key = app.keyring.signingKey;
  const email = normalizeEmail(input.email) ?? (typeof input.email === 'string' ? input.email.trim().toLowerCase().slice(0, 254) : '');
  const password = typeof input.password === 'string' ? input.password : '';
  const accountKey: AttemptKey = { rule: 'passwordAccount', subject: email };
  const keys: AttemptKey[] = [accountKey, ...(input.ip ? [{ rule: 'passwordIp' as const, subject: input.ip }] : [])];

  const locked = lockedFor(db, key, keys, now);
  if (locked > 0) {
    writeAudit(db, { workspaceId: app.workspaceId, actorType: 'portal_user', action: 'portal.sign_in_throttled', ip: input.ip, details: { email, via: 'password' } }, now);
    return { ok: false, reason: 'throttled', retryAfterMs: locked };
  }
  const user = email ? findSignInUser(db, app.workspaceId, email) : null;
  const usable = user && user.status === 'active' && user.passwordHash ? user : null;
  const matches = (await verifyPassword(usable?.passwordHash ?? (await dummyPasswordHash()), password)) && usable !== null && password.length <= MAX_PASSWORD_LENGTH;

  if (!matches || !usable) {
    writeTransaction(db, () => {
      auditLockouts(db, countAttempt(db, key, keys, now), { workspaceId: app.workspaceId, userId: user?.userId, clientId: user?.clientId, email, ip: input.ip }, now);
      const reason = !user ? 'unknown_email' : !usable ? 'no_password' : 'bad_password';
      writeAudit(
        db,
        { workspaceId: app.workspaceId, actorType: 'portal_user', actorId: user?.userId ?? null, action: 'portal.sign_in_failed', subjectType: user ? 'portal_user' : undefined, subjectId: user?.userId, clientId: user?.clientId ?? null, ip: input.ip, details: { reason, via: 'password', email } },
        now,
      );
    });
    return { ok: false, reason: 'invalid' };
  }

  const rehashed = needsRehash(usable.passwordHash!) ? await hashPassword(password) : null;
  return writeTransaction(db, (): PasswordSignInResult => {
    clearAttempts(db, key, [accountKey]);
    if (rehashed) db.prepare('UPDATE portal_users SET password_hash = ? WHERE id = ? AND password_hash = ?').run(rehashed, usable.userId, usable.passwordHash);
    const { session, mfaState } = startSignedInSession(
      app,
      { userId: usable.userId, clientId: usable.clientId, workspaceId: usable.workspaceId, method: 'password', previousSessionId: input.previousSessionId, ip: input.ip, userAgent: input.userAgent },
      now,
    );
    return { ok: true, session, mfaState, clientId: usable.clientId };
  });
}
