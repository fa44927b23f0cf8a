import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { updateStaffUserLastSignIn } from '../store/staff/update-staff-user-last-sign-in.js';
import { hashSessionId, type NewSession } from '../auth/create-session.js';
import { consumeStaffSignInToken, type StaffLinkFailure } from './staff-sign-in-links.js';
import { createStaffSession, endStaffSession } from './staff-sessions.js';

export type StaffSignIn = { ok: true; session: NewSession; staffUserId: number } | { ok: false; reason: StaffLinkFailure };

/**
 * Uses a staff sign-in link: the token once, any session this browser had ended (a new id at
 * every sign-in defeats fixation), a new staff session, and the audit row, in one transaction.
 */
export async function signInStaff(app: AppContext, input: { token: string; previousSessionId?: string; ip: string | null; userAgent: string | null }, now: number): Promise<StaffSignIn> {
  const key = app.keyring.signingKey;
  return app.store.transaction(async (tx): Promise<StaffSignIn> => {
    const used = await consumeStaffSignInToken(tx, key, input.token, now);
    if (!used.ok) {
      await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: 'staff', actorId: used.staffUserId, action: 'staff.sign_in_failed', ip: input.ip, details: { reason: used.reason } }, now);
      return { ok: false, reason: used.reason };
    }
    if (input.previousSessionId) await endStaffSession(tx, hashSessionId(key, input.previousSessionId), now);
    const session = await createStaffSession(tx, key, { staffUserId: used.staffUserId, userAgent: input.userAgent, ip: input.ip }, now);
    await updateStaffUserLastSignIn(tx, used.staffUserId, now);
    await insertAuditEntry(tx, { workspaceId: used.workspaceId, actorType: 'staff', actorId: used.staffUserId, action: 'staff.sign_in', subjectType: 'staff_user', subjectId: used.staffUserId, ip: input.ip }, now);
    return { ok: true, session, staffUserId: used.staffUserId };
  });
}
