import type { Queryable } from '../store.js';
import type { StaffRole } from '../../staff/staff-permissions.js';
import { STAFF_USER_COLUMNS, toStaffUser, type StaffUser } from './staff-user-row.js';

/**
 * Creates a staff user, or gives the existing one (same workspace and address) this role and
 * re-enables them, keeping their name; returns the row as stored.
 */
export async function upsertStaffUser(q: Queryable, row: { workspaceId: number; email: string; name: string; role: StaffRole; createdAt: number }): Promise<StaffUser> {
  const stored = await q
    .insertInto('staff_users')
    .values({ workspace_id: row.workspaceId, email: row.email, name: row.name, role: row.role, status: 'active', created_at: row.createdAt })
    .onConflict((oc) => oc.columns(['workspace_id', 'email']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role'), status: 'active' })))
    .returning(STAFF_USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toStaffUser(stored);
}
