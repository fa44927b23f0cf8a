import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { endSessions } from '../store/auth/end-sessions.js';
import type { ActingUser } from './acting-user.js';

/** Ends one of the user's own other sessions, by its handle (rowid); never the one making the request. */
export async function endOwnSession(app: AppContext, actor: ActingUser, currentIdHash: string, handle: number, now: number): Promise<boolean> {
  return app.store.transaction(async (tx) => {
    const ended = await endSessions(tx, { userId: actor.userId, handle, exceptIdHash: currentIdHash }, now);
    if (ended === 0) return false;
    await insertAuditEntry(tx, { workspaceId: actor.workspaceId, actorType: 'portal_user', actorId: actor.userId, action: 'portal.session_ended', subjectType: 'portal_user', subjectId: actor.userId, clientId: actor.clientId, ip: actor.ip, details: { sessions: 1 } }, now);
    return true;
  });
}

/** "Sign out everywhere else": every open session of the user but this one. Returns how many ended. */
export async function endOtherSessions(app: AppContext, actor: ActingUser, currentIdHash: string, now: number): Promise<number> {
  return app.store.transaction(async (tx) => {
    const ended = await endSessions(tx, { userId: actor.userId, exceptIdHash: currentIdHash }, now);
    await insertAuditEntry(tx, { workspaceId: actor.workspaceId, actorType: 'portal_user', actorId: actor.userId, action: 'portal.session_ended', subjectType: 'portal_user', subjectId: actor.userId, clientId: actor.clientId, ip: actor.ip, details: { sessions: ended, others: true } }, now);
    return ended;
  });
}
