import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import type { ActingUser } from './acting-user.js';

/** Ends one of the user's own other sessions, by its handle (rowid); never the one making the request. */
export function endOwnSession(app: AppContext, actor: ActingUser, currentIdHash: string, handle: number, now: number): boolean {
  return writeTransaction(app.db, () => {
    const ended = app.db
      .prepare('UPDATE sessions SET ended_at = ? WHERE rowid = ? AND user_id = ? AND id_hash != ? AND ended_at IS NULL')
      .run(now, handle, actor.userId, currentIdHash).changes;
    if (ended === 0) return false;
    writeAudit(app.db, { workspaceId: actor.workspaceId, actorType: 'portal_user', actorId: actor.userId, action: 'portal.session_ended', subjectType: 'portal_user', subjectId: actor.userId, clientId: actor.clientId, ip: actor.ip, details: { sessions: 1 } }, now);
    return true;
  });
}

/** "Sign out everywhere else": every open session of the user but this one. Returns how many ended. */
export function endOtherSessions(app: AppContext, actor: ActingUser, currentIdHash: string, now: number): number {
  return writeTransaction(app.db, () => {
    const ended = app.db.prepare('UPDATE sessions SET ended_at = ? WHERE user_id = ? AND id_hash != ? AND ended_at IS NULL').run(now, actor.userId, currentIdHash).changes;
    writeAudit(app.db, { workspaceId: actor.workspaceId, actorType: 'portal_user', actorId: actor.userId, action: 'portal.session_ended', subjectType: 'portal_user', subjectId: actor.userId, clientId: actor.clientId, ip: actor.ip, details: { sessions: ended, others: true } }, now);
    return ended;
  });
}
