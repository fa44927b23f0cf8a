import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import { hashSessionId, type NewSession } from '../auth/create-session.js';
import { consumeStaffSignInToken, type StaffLinkFailure } from './staff-sign-in-links.js';
import { createStaffSession, endStaffSession } from './staff-sessions.js';

export type StaffSignIn = { ok: true; session: NewSession; staffUserId: number } | { ok: false; reason: StaffLinkFailure };

/**
 * Uses a staff sign-in link: the token once, any session this browser had ended (a new id at
 * every sign-in defeats fixation), a new staff session, and the audit row, in one transaction.
 */
export function signInStaff(app: AppContext, input: { token: string; previousSessionId?: string; ip: string | null; userAgent: string | null }, now: number): StaffSignIn {
  const { db } = app;
  const key = app.keyring.signingKey;
  return writeTransaction(db, (): StaffSignIn => {
    const used = consumeStaffSignInToken(db, key, input.token, now);
    if (!used.ok) {
      writeAudit(db, { workspaceId: app.workspaceId, actorType: 'staff', actorId: used.staffUserId, action: 'staff.sign_in_failed', ip: input.ip, details: { reason: used.reason } }, now);
      return { ok: false, reason: used.reason };
    }
    if (input.previousSessionId) endStaffSession(db, hashSessionId(key, input.previousSessionId), now);
    const session = createStaffSession(db, key, { staffUserId: used.staffUserId, userAgent: input.userAgent, ip: input.ip }, now);
    db.prepare('UPDATE staff_users SET last_sign_in_at = ? WHERE id = ?').run(now, used.staffUserId);
    writeAudit(db, { workspaceId: used.workspaceId, actorType: 'staff', actorId: used.staffUserId, action: 'staff.sign_in', subjectType: 'staff_user', subjectId: used.staffUserId, ip: input.ip }, now);
    return { ok: true, session, staffUserId: used.staffUserId };
  });
}
