import QRCode from 'qrcode';
import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
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
    pendingTotpEnrolment(app.db, app.keyring, session.userId, account) ?? writeTransaction(app.db, () => startTotpEnrolment(app.db, app.keyring, session.userId, account, now));
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
export function confirmEnrolment(app: AppContext, session: PortalSession, input: { code: unknown; ip: string | null; userAgent: string | null }, now: number): ConfirmResult {
  const { db } = app;
  const key = app.keyring.signingKey;
  if (hasTwoFactor(db, session.userId)) return { ok: false, reason: 'already_on' };
  const reservation = reserveSecondFactorAttempt(app, session.userId, input.ip, now);
  if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
  const code = typeof input.code === 'string' ? input.code : '';
  const result = writeTransaction(db, (): ConfirmResult => {
    if (!verifyTotpCode(db, app.keyring, session.userId, code, now, { pending: true })) return { ok: false, reason: 'invalid' };
    confirmTotpEnrolment(db, session.userId, now);
    const recoveryCodes = issueRecoveryCodes(db, key, session.userId, now);
    let newSession: NewSession | null = null;
    if (session.mfaState === 'enrol_required' || session.mfaState === 'pending') {
      const method = (db.prepare('SELECT auth_method AS method FROM sessions WHERE id_hash = ?').get(session.idHash) as { method: 'invitation' | 'sign_in_link' | 'password' | null }).method;
      endSession(db, session.idHash, now);
      newSession = createSession(db, key, { userId: session.userId, userAgent: input.userAgent, ip: input.ip, mfaState: 'verified', authMethod: method ?? undefined }, now);
      db.prepare('UPDATE portal_users SET last_sign_in_at = ? WHERE id = ?').run(now, session.userId);
      writeAudit(db, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'portal.sign_in', subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip: input.ip, details: { via: method === 'sign_in_link' ? 'sign_in' : method, secondFactor: 'enrolled' } }, now);
    } else {
      db.prepare(`UPDATE sessions SET mfa_state = 'verified', mfa_verified_at = ? WHERE id_hash = ?`).run(now, session.idHash);
    }
    writeAudit(db, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'portal.two_factor_enabled', subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip: input.ip }, now);
    return { ok: true, recoveryCodes, newSession };
  });
  if (!result.ok && result.reason === 'invalid') recordSecondFactorFailure(app, session, input.ip, 'enrolment', reservation.exhausted, now);
  else releaseSecondFactorAttempt(app, session.userId, input.ip, now);
  return result;
}

export type CodeCheckedResult<T> = { ok: true; value: T } | { ok: false; reason: 'invalid' | 'not_allowed' } | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * Changes to two-factor itself (turning it off, new recovery codes) need a fresh code now, not only
 * the session's earlier step-up: a borrowed unlocked laptop must not be enough to remove it.
 */
function withFreshCode<T>(app: AppContext, session: PortalSession, input: { code: unknown; ip: string | null }, now: number, action: string, run: () => T): CodeCheckedResult<T> {
  const { db } = app;
  const key = app.keyring.signingKey;
  const reservation = reserveSecondFactorAttempt(app, session.userId, input.ip, now);
  if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
  const code = typeof input.code === 'string' ? input.code.slice(0, 64) : '';
  const result = writeTransaction(db, (): CodeCheckedResult<T> => {
    const passed = /^\s*\d{3}\s?\d{3}\s*$/.test(code) ? verifyTotpCode(db, app.keyring, session.userId, code, now) : useRecoveryCode(db, key, session.userId, code, now);
    if (!passed) return { ok: false, reason: 'invalid' };
    const value = run();
    db.prepare(`UPDATE sessions SET mfa_verified_at = ? WHERE id_hash = ?`).run(now, session.idHash);
    writeAudit(db, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action, subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip: input.ip }, now);
    return { ok: true, value };
  });
  if (!result.ok && result.reason === 'invalid') recordSecondFactorFailure(app, session, input.ip, action, reservation.exhausted, now);
  else releaseSecondFactorAttempt(app, session.userId, input.ip, now);
  return result;
}

/** Turns two-factor off (not where the workspace requires it); this session stays, now without a second factor. */
export function disableTwoFactor(app: AppContext, session: PortalSession, input: { code: unknown; ip: string | null }, now: number): CodeCheckedResult<null> {
  if (app.config.portal.requireTwoFactor || !hasTwoFactor(app.db, session.userId)) return { ok: false, reason: 'not_allowed' };
  return withFreshCode(app, session, input, now, 'portal.two_factor_disabled', () => {
    removeTwoFactor(app.db, session.userId);
    app.db.prepare(`UPDATE sessions SET mfa_state = 'not_required', mfa_verified_at = NULL WHERE user_id = ? AND ended_at IS NULL`).run(session.userId);
    return null;
  });
}

/** Ten new recovery codes; the old ones stop working. */
export function regenerateRecoveryCodes(app: AppContext, session: PortalSession, input: { code: unknown; ip: string | null }, now: number): CodeCheckedResult<string[]> {
  if (!hasTwoFactor(app.db, session.userId)) return { ok: false, reason: 'not_allowed' };
  return withFreshCode(app, session, input, now, 'portal.recovery_codes_regenerated', () => issueRecoveryCodes(app.db, app.keyring.signingKey, session.userId, now));
}
