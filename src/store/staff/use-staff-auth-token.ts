import type { Queryable } from '../store.js';

/**
 * Marks a live staff link used, in one conditional UPDATE (the single-use guarantee: only one of
 * two concurrent clicks can flip used_at from NULL). A disabled staff member's link is left unused.
 * Returns the link's staff user, or null when nothing was used.
 */
export async function useStaffAuthToken(q: Queryable, tokenHash: string, now: number): Promise<number | null> {
  const row = await q
    .updateTable('staff_auth_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('staff_user_id', 'in', (eb) => eb.selectFrom('staff_users').select('id').where('status', '=', 'active'))
    .returning('staff_user_id')
    .executeTakeFirst();
  return row ? Number(row.staff_user_id) : null;
}
