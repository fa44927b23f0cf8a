import QRCode from 'qrcode';
import type { AppContext } from '../app/app-context.js';
import type { Transaction } from 'kysely';
import type { DB } from '../store/schema.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findSessionAuthMethod } from '../store/auth/find-session-auth-method.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { updateSessionMfa } from '../store/auth/update-session-mfa.js';
import { resetUserSessionsMfa } from '../store/auth/reset-user-sessions-mfa.js';
import { createSession, type NewSession } from '../auth/create-session.js';
import { endSession } from '../auth/end-session.js';
import type { PortalSession } from '../auth/read-session.js';
import { confirmTotpEnrolment, hasTwoFactor, pendingTotpEnrolment, removeTwoFactor, startTotpEnrolment, verifyTotpCode } from '../auth/two-factor/totp.js';
import { issueRecoveryCodes, useRecoveryCode } from '../auth/two-factor/recovery-codes.js';
import { recordSecondFactorFailure, releaseSecondFactorAttempt, reserveSecondFactorAttempt } from './verify-second-factor.js';

export interface EnrolmentView {
  /** Base32, in groups of four, for typing into an app by hand. */
  secretGroups: string[];
  /** The otpauth:// URI as an inline SVG QR code (no image request, nothing for the CSP to block). */
  qrSvg: string;
}

/**
 * The enrolment being set up for this user: an existing unconfirmed one (so reloading the page never
 * changes a secret already scanned), or a new one. Null when two-factor is already on.
 */
export async function enrolmentFor(app: AppContext, session: PortalSession, now: number): Promise<EnrolmentView | null> {
  const account = { issuer: app.config.businessName, label: session.email };
  const enrolment =
    (await pendingTotpEnrolment(app.store.db, app.keyring, session.userId, account)) ??
    (await app.store.transaction((tx) => startTotpEnrolment(tx, app.keyring, session.userId, account, now)));
  if (!enrolment) return null;
  const svg = await QRCode.toString(enrolment.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    secretGroups: enrolment.secret.match(/.{1,4}/g) ?? [],
    // An image to screen readers, with a name; the secret is also written out beside it.
    qrSvg: svg.replace('<svg ', '<svg role="img" aria-label="QR code for your authenticator app" width="200" height="200" '),
  };
}

export type ConfirmResult =
  | { ok: true; recoveryCodes: string[]; newSession: NewSession | null }
  | { ok: false; reason: 'invalid' | 'already_on' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * Turns two-factor on once the first code from the app is right: ten recovery codes are issued (shown
 * once). A session that was waiting for this enrolment (the workspace requires 2FA) is replaced by a
 * complete, verified one; a complete session is marked verified in place.
 */
export async function confirmEnrolment(app: AppContext, session: PortalSession, input: { code: unknown; ip: string | null; userAgent: string | null }, now: number): Promise<ConfirmResult> {
  const key = app.keyring.signingKey;
  if (await hasTwoFactor(app.store.db, session.userId)) return { ok: false, reason: 'already_on' };
  const reservation = await reserveSecondFactorAttempt(app, session.userId, input.ip, now);
  if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
  const code = typeof input.code === 'string' ? input.code : '';
  const result = await app.store.transaction(async (tx): Promise<ConfirmResult> => {
    if (!(await verifyTotpCode(tx, app.keyring, session.userId, code, now, { pending: true }))) return { ok: false, reason: 'invalid' };
    await confirmTotpEnrolment(tx, session.userId, now);
    const recoveryCodes = await issueRecoveryCodes(tx, key, session.userId, now);
    let newSession: NewSession | null = null;
    if (session.mfaState === 'enrol_required' || session.mfaState === 'pending') {
      const method = (await findSessionAuthMethod(tx, session.idHash)) as 'invitation' | 'sign_in_link' | 'password' | null;
      await endSession(tx, session.idHash, now);
      newSession = await createSession(tx, key, { userId: session.userId, userAgent: input.userAgent, ip: input.ip, mfaState: 'verified', authMethod: method ?? undefined }, now);
      await updatePortalUser(tx, session.userId, { last_sign_in_at: now });
      await insertAuditEntry(tx, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'portal.sign_in', subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip: input.ip, details: { via: method === 'sign_in_link' ? 'sign_in' : method, secondFactor: 'enrolled' } }, now);
    } else {
      await updateSessionMfa(tx, session.idHash, { state: 'verified', verifiedAt: now });
    }
    await insertAuditEntry(tx, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'portal.two_factor_enabled', subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip: input.ip }, now);
    return { ok: true, recoveryCodes, newSession };
  });
  if (!result.ok && result.reason === 'invalid') await recordSecondFactorFailure(app, session, input.ip, 'enrolment', reservation.exhausted, now);
  else await releaseSecondFactorAttempt(app, session.userId, input.ip, now);
  return result;
}

export type CodeCheckedResult<T> = { ok: true; value: T } | { ok: false; reason: 'invalid' | 'not_allowed' } | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * Changes to two-factor itself (turning it off, new recovery codes) need a fresh code now, not only
 * the session's earlier step-up: a borrowed unlocked laptop must not be enough to remove it.
 */
async function withFreshCode<T>(app: AppContext, session: PortalSession, input: { code: unknown; ip: string | null }, now: number, action: string, run: (tx: Transaction<DB>) => Promise<T>): Promise<CodeCheckedResult<T>> {
  const key = app.keyring.signingKey;
  const reservation = await reserveSecondFactorAttempt(app, session.userId, input.ip, now);
  if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
  const code = typeof input.code === 'string' ? input.code.slice(0, 64) : '';
  const result = await app.store.transaction(async (tx): Promise<CodeCheckedResult<T>> => {
    const passed = /^\s*\d{3}\s?\d{3}\s*$/.test(code) ? await verifyTotpCode(tx, app.keyring, session.userId, code, now) : await useRecoveryCode(tx, key, session.userId, code, now);
    if (!passed) return { ok: false, reason: 'invalid' };
    const value = await run(tx);
    await updateSessionMfa(tx, session.idHash, { verifiedAt: now });
    await insertAuditEntry(tx, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action, subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip: input.ip }, now);
    return { ok: true, value };
  });
  if (!result.ok && result.reason === 'invalid') await recordSecondFactorFailure(app, session, input.ip, action, reservation.exhausted, now);
  else await releaseSecondFactorAttempt(app, session.userId, input.ip, now);
  return result;
}

/** Turns two-factor off (not where the workspace requires it); this session stays, now without a second factor. */
export async function disableTwoFactor(app: AppContext, session: PortalSession, input: { code: unknown; ip: string | null }, now: number): Promise<CodeCheckedResult<null>> {
  if (app.config.portal.requireTwoFactor || !(await hasTwoFactor(app.store.db, session.userId))) return { ok: false, reason: 'not_allowed' };
  return withFreshCode(app, session, input, now, 'portal.two_factor_disabled', async (tx) => {
    await removeTwoFactor(tx, session.userId);
    await resetUserSessionsMfa(tx, session.userId);
    return null;
  });
}

/** Ten new recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(app: AppContext, session: PortalSession, input: { code: unknown; ip: string | null }, now: number): Promise<CodeCheckedResult<string[]>> {
  if (!(await hasTwoFactor(app.store.db, session.userId))) return { ok: false, reason: 'not_allowed' };
  return withFreshCode(app, session, input, now, 'portal.recovery_codes_regenerated', (tx) => issueRecoveryCodes(tx, app.keyring.signingKey, session.userId, now));
}
