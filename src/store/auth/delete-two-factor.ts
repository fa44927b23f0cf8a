import type { Queryable } from '../store.js';

/** Removes a user's TOTP secret and recovery codes. */
export async function deleteTwoFactor(q: Queryable, userId: number): Promise<void> {
  await q.deleteFrom('portal_user_totp').where('user_id', '=', userId).execute();
  await q.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}
