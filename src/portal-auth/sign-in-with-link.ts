import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import { consumeAuthToken, type ConsumeFailure } from '../auth/consume-auth-token.js';
import type { MfaState, NewSession } from '../auth/create-session.js';
import { startSignedInSession } from './start-signed-in-session.js';

export type SignInResult = { ok: true; session: NewSession; userId: number; clientId: number; mfaState: MfaState } | { ok: false; reason: ConsumeFailure };

/**
 * Signs in with a link token: uses the token up, ends any session this browser had (a new id at
 * every sign-in defeats session fixation), starts a new session (still owing a second factor where
 * one applies), and records it, all in one transaction so the audit log never disagrees with what happened.
 */
export function signInWithLink(
  app: AppContext,
  input: { token: string; previousSessionId?: string; ip: string | null; userAgent: string | null },
  now: number,
): SignInResult {
  const { db } = app;
  const key = app.keyring.signingKey;
  return writeTransaction(db, (): SignInResult => {
    const consumed = consumeAuthToken(db, key, input.token, now);
    if (!consumed.ok) {
      writeAudit(
        db,
        {
          workspaceId: consumed.workspaceId ?? app.workspaceId,
          actorType: 'portal_user',
          actorId: consumed.userId,
          action: 'portal.sign_in_failed',
          subjectType: consumed.userId == null ? undefined : 'portal_user',
          subjectId: consumed.userId ?? undefined,
          clientId: consumed.clientId,
          ip: input.ip,
          details: { reason: consumed.reason },
        },
        now,
      );
      return { ok: false, reason: consumed.reason };
    }
    const { session, mfaState } = startSignedInSession(
      app,
      {
        userId: consumed.userId,
        clientId: consumed.clientId,
        workspaceId: consumed.workspaceId,
        method: consumed.purpose === 'invitation' ? 'invitation' : 'sign_in_link',
        previousSessionId: input.previousSessionId,
        ip: input.ip,
        userAgent: input.userAgent,
        details: { activated: consumed.activated },
      },
      now,
    );
    return { ok: true, session, userId: consumed.userId, clientId: consumed.clientId, mfaState };
  });
}
