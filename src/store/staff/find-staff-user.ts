import type { Queryable } from '../store.js';
import { STAFF_USER_COLUMNS, toStaffUser, type StaffUser } from './staff-user-row.js';

/** One staff member by id. */
export async function findStaffUser(q: Queryable, id: number): Promise<StaffUser | undefined> {
  const row = await q.selectFrom('staff_users').select(STAFF_USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toStaffUser(row) : undefined;
}
