import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { isStaffRole, STAFF_ROLES } from './staff-permissions.js';
import { upsertStaffUser, type StaffUser } from './staff-users.js';
import { createStaffSignInToken, staffLinkUrl } from './staff-sign-in-links.js';

/**
 * `clienthub staff add <email> <role>`: how the first owner comes to exist (nobody can sign in to
 * the console before there is one). Creates the staff user (or changes an existing one's role) and
 * returns a one-time sign-in link, printed rather than mailed, so no mail setup is needed.
 */
export async function addStaffUser(app: AppContext, input: { email: string; role: string; name?: string }, now = Date.now()): Promise<{ user: StaffUser; link: string }> {
  if (!isStaffRole(input.role)) throw new Error(`role must be one of ${STAFF_ROLES.join(', ')}`);
  const role = input.role;
  return app.store.transaction(async (tx) => {
    const user = await upsertStaffUser(tx, { workspaceId: app.workspaceId, email: input.email, name: input.name, role }, now);
    const token = await createStaffSignInToken(tx, app.keyring.signingKey, user.id, now);
    await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: 'cli', action: 'staff.added', subjectType: 'staff_user', subjectId: user.id, details: { email: user.email, role } }, now);
    return { user, link: staffLinkUrl(app.config.publicUrl, token) };
  });
}
