import type { Queryable } from '../store.js';

/** Records when a staff member last signed in. */
export async function updateStaffUserLastSignIn(q: Queryable, staffUserId: number, now: number): Promise<void> {
  await q.updateTable('staff_users').set({ last_sign_in_at: now }).where('id', '=', staffUserId).execute();
}
