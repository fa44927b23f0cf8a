import type { AppContext } from '../app/app-context.js';
import type { Queryable } from '../store/store.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
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
 * complete session counts as a sign-in in the audit log and in last_sign_in_at. Call with the
 * caller's transaction.
 */
export async function startSignedInSession(app: AppContext, tx: Queryable, input: FirstFactor, now: number): Promise<{ session: NewSession; mfaState: MfaState }> {
  const key = app.keyring.signingKey;
  const mfaState: MfaState = (await hasTwoFactor(tx, input.userId)) ? 'pending' : app.config.portal.requireTwoFactor ? 'enrol_required' : 'not_required';
  if (input.previousSessionId) await endSession(tx, hashSessionId(key, input.previousSessionId), now);
  const session = await createSession(tx, key, { userId: input.userId, userAgent: input.userAgent, ip: input.ip, mfaState, authMethod: input.method }, now);
  const complete = mfaState === 'not_required';
  if (complete) await updatePortalUser(tx, input.userId, { last_sign_in_at: now });
  await insertAuditEntry(
    tx,
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
