import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { consumeAuthToken, type ConsumeFailure } from '../auth/consume-auth-token.js';
import type { MfaState, NewSession } from '../auth/create-session.js';
import { startSignedInSession } from './start-signed-in-session.js';

export type SignInResult = { ok: true; session: NewSession; userId: number; clientId: number; mfaState: MfaState } | { ok: false; reason: ConsumeFailure };

/**
 * Signs in with a link token: uses the token up, ends any session this browser had (a new id at
 * every sign-in defeats session fixation), starts a new session (still owing a second factor where
 * one applies), and records it, all in one transaction so the audit log never disagrees with what happened.
 */
export async function signInWithLink(
  app: AppContext,
  input: { token: string; previousSessionId?: string; ip: string | null; userAgent: string | null },
  now: number,
): Promise<SignInResult> {
  const key = app.keyring.signingKey;
  return app.store.transaction(async (tx): Promise<SignInResult> => {
    const consumed = await consumeAuthToken(tx, key, input.token, now);
    if (!consumed.ok) {
      await insertAuditEntry(
        tx,
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
    const { session, mfaState } = await startSignedInSession(
      app,
      tx,
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
