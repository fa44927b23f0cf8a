import type { Queryable } from '../store.js';

/** A user's open sessions no longer have (or owe) a second factor: two-factor was turned off. */
export async function resetUserSessionsMfa(q: Queryable, userId: number): Promise<void> {
  await q.updateTable('sessions').set({ mfa_state: 'not_required', mfa_verified_at: null }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
}
