import type { Queryable } from '../store.js';
import { STAFF_USER_COLUMNS, toStaffUser, type StaffUser } from './staff-user-row.js';

/** A workspace's staff member by address (stored lower-cased, so the caller passes it normalised). */
export async function findStaffUserByEmail(q: Queryable, workspaceId: number, email: string): Promise<StaffUser | undefined> {
  const row = await q.selectFrom('staff_users').select(STAFF_USER_COLUMNS).where('workspace_id', '=', workspaceId).where('email', '=', email).executeTakeFirst();
  return row ? toStaffUser(row) : undefined;
}
