import type { AppContext } from '../app/app-context.js';
import type { AttemptKey } from '../auth/attempt-limits.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { auditLockouts } from './audit-lockouts.js';

/** Audits a wrong address typed to open a link in another browser, and any lockout that attempt caused. */
export async function recordLinkEmailMismatch(app: AppContext, userId: number, ip: string | null, exhausted: AttemptKey[], now: number): Promise<void> {
  await app.store.transaction(async (tx) => {
    await auditLockouts(tx, exhausted, { workspaceId: app.workspaceId, userId, ip }, now);
    await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: 'portal_user', actorId: userId, action: 'portal.sign_in_failed', subjectType: 'portal_user', subjectId: userId, ip, details: { reason: 'other_browser_wrong_email' } }, now);
  });
}
