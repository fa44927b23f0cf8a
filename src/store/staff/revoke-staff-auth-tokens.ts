import type { Queryable } from '../store.js';

/** Revokes a staff member's unused, unrevoked sign-in links; returns how many. */
export async function revokeStaffAuthTokens(q: Queryable, staffUserId: number, now: number): Promise<number> {
  const result = await q
    .updateTable('staff_auth_tokens')
    .set({ revoked_at: now })
    .where('staff_user_id', '=', staffUserId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
