import type { Queryable } from '../store.js';

export async function confirmTotp(q: Queryable, userId: number, now: number): Promise<void> {
  await q.updateTable('portal_user_totp').set({ confirmed_at: now }).where('user_id', '=', userId).where('confirmed_at', 'is', null).execute();
}
