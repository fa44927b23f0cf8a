import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findSessionAuthMethod } from '../store/auth/find-session-auth-method.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { releaseAttempt, reserveAttempt, type AttemptKey, type Reservation } from '../auth/attempt-limits.js';
import { createSession, type AuthMethod, type NewSession } from '../auth/create-session.js';
import { endSession } from '../auth/end-session.js';
import type { PortalSession } from '../auth/read-session.js';
import { verifyTotpCode } from '../auth/two-factor/totp.js';
import { countUnusedRecoveryCodes, useRecoveryCode } from '../auth/two-factor/recovery-codes.js';
import { auditLockouts } from './audit-lockouts.js';

export type SecondFactorResult =
  | { ok: true; session: NewSession }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/** The limits on code guesses: per user (whoever holds the first factor) and per IP. */
export function secondFactorKeys(userId: number, ip: string | null): AttemptKey[] {
  return [{ rule: 'secondFactorUser', subject: `user:${userId}` }, ...(ip ? [{ rule: 'secondFactorIp' as const, subject: ip }] : [])];
}

/**
 * Reserves one code attempt before the code is checked (see reserveAttempt): the check and the count
 * cannot be raced, by concurrent requests or by other processes. A right code gives it back.
 */
export async function reserveSecondFactorAttempt(app: AppContext, userId: number, ip: string | null, now: number): Promise<Reservation> {
  return reserveAttempt(app.store, app.keyring.signingKey, secondFactorKeys(userId, ip), now);
}

/** Gives back the attempt reserved for a code that was right (the limits count wrong ones). */
export async function releaseSecondFactorAttempt(app: AppContext, userId: number, ip: string | null, now: number): Promise<void> {
  await releaseAttempt(app.store.db, app.keyring.signingKey, secondFactorKeys(userId, ip), now);
}

/** Audits a wrong code (its attempt was reserved already), and any lockout that attempt caused. */
export async function recordSecondFactorFailure(app: AppContext, session: PortalSession, ip: string | null, kind: string, exhausted: AttemptKey[], now: number): Promise<void> {
  await app.store.transaction(async (tx) => {
    await auditLockouts(tx, exhausted, { workspaceId: session.workspaceId, userId: session.userId, clientId: session.clientId, ip }, now);
    await insertAuditEntry(tx, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'portal.second_factor_failed', subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip, details: { kind } }, now);
  });
}

/**
 * The second step of signing in: a TOTP code, or one of the recovery codes. Success replaces the
 * half-signed-in session with a new, complete one (a new id, as at every change of privilege) whose
 * state is verified: the step-up is part of the session from then on.
 */
export async function verifySecondFactor(
  app: AppContext,
  pending: PortalSession,
  input: { code: unknown; kind: 'totp' | 'recovery'; ip: string | null; userAgent: string | null },
  now: number,
): Promise<SecondFactorResult> {
  const key = app.keyring.signingKey;
  const reservation = await reserveSecondFactorAttempt(app, pending.userId, input.ip, now);
  if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
  const code = typeof input.code === 'string' ? input.code.slice(0, 64) : '';
  const result = await app.store.transaction(async (tx): Promise<SecondFactorResult> => {
    const passed = input.kind === 'totp' ? await verifyTotpCode(tx, app.keyring, pending.userId, code, now) : await useRecoveryCode(tx, key, pending.userId, code, now);
    if (!passed) return { ok: false, reason: 'invalid' };
    const method = (await findSessionAuthMethod(tx, pending.idHash)) as AuthMethod | null;
    await endSession(tx, pending.idHash, now);
    const session = await createSession(tx, key, { userId: pending.userId, userAgent: input.userAgent, ip: input.ip, mfaState: 'verified', authMethod: method ?? undefined }, now);
    await updatePortalUser(tx, pending.userId, { last_sign_in_at: now });
    const audit = (action: string, details: Record<string, unknown>) =>
      insertAuditEntry(tx, { workspaceId: pending.workspaceId, actorType: 'portal_user', actorId: pending.userId, action, subjectType: 'portal_user', subjectId: pending.userId, clientId: pending.clientId, ip: input.ip, details }, now);
    if (input.kind === 'recovery') await audit('portal.recovery_code_used', { remaining: await countUnusedRecoveryCodes(tx, pending.userId) });
    await audit('portal.sign_in', { via: method === 'sign_in_link' ? 'sign_in' : method, secondFactor: input.kind === 'totp' ? 'totp' : 'recovery_code' });
    return { ok: true, session };
  });
  if (result.ok) await releaseSecondFactorAttempt(app, pending.userId, input.ip, now);
  else await recordSecondFactorFailure(app, pending, input.ip, input.kind, reservation.exhausted, now);
  return result;
}
