import type { AppContext } from '../app/app-context.js';
import { endSession } from '../auth/end-session.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';

/** Ends the session the person signs out of (a half-signed-in one too), with its audit row. */
export async function signOut(app: AppContext, session: { idHash: string; userId: number; clientId: number; workspaceId: number }, ip: string | null, now: number): Promise<void> {
  await app.store.transaction(async (tx) => {
    await endSession(tx, session.idHash, now);
    await insertAuditEntry(
      tx,
      { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'portal.sign_out', subjectType: 'portal_user', subjectId: session.userId, clientId: session.clientId, ip },
      now,
    );
  });
}
