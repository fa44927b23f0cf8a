import type { AppContext } from '../app/app-context.js';
import { writeAudit } from '../audit/write-audit.js';
import { createSession, hashSessionId, type AuthMethod, type MfaState, type NewSession } from '../auth/create-session.js';
import { endSession } from '../auth/end-session.js';
import { hasTwoFactor } from '../auth/two-factor/totp.js';

export interface FirstFactor {
  userId: number;
  clientId: number;
  workspaceId: number;
  method: AuthMethod;
  /** The session cookie this browser had, if any: ended, so each sign-in gets a new id (no fixation). */
  previousSessionId?: string;
  ip: string | null;
  userAgent: string | null;
  /** Extra audit details (an invitation that activated the account). */
  details?: Record<string, unknown>;
}

/**
 * After a first factor (a link or a password): a new session whose second-factor state says what
 * is still owed. A user with TOTP owes a code (pending); in a workspace that requires two-factor, a
 * user without it owes an enrolment (enrol_required); otherwise the session is complete. Only a
 * complete session counts as a sign-in in the audit log and in last_sign_in_at. Call inside the
 * caller's write transaction.
 */
export function startSignedInSession(app: AppContext, input: FirstFactor, now: number): { session: NewSession; mfaState: MfaState } {
  const { db } = app;
  const key = app.keyring.signingKey;
  const mfaState: MfaState = hasTwoFactor(db, input.userId) ? 'pending' : app.config.portal.requireTwoFactor ? 'enrol_required' : 'not_required';
  if (input.previousSessionId) endSession(db, hashSessionId(key, input.previousSessionId), now);
  const session = createSession(db, key, { userId: input.userId, userAgent: input.userAgent, ip: input.ip, mfaState, authMethod: input.method }, now);
  const complete = mfaState === 'not_required';
  if (complete) db.prepare('UPDATE portal_users SET last_sign_in_at = ? WHERE id = ?').run(now, input.userId);
  writeAudit(
    db,
    {
      workspaceId: input.workspaceId,
      actorType: 'portal_user',
      actorId: input.userId,
      action: complete ? 'portal.sign_in' : 'portal.sign_in_first_factor',
      subjectType: 'portal_user',
      subjectId: input.userId,
      clientId: input.clientId,
      ip: input.ip,
      details: complete ? { via: input.method === 'sign_in_link' ? 'sign_in' : input.method, ...input.details } : { via: input.method, next: mfaState, ...input.details },
    },
    now,
  );
  return { session, mfaState };
}
