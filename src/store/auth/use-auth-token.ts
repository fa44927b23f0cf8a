import type { Queryable } from '../store.js';

/**
 * Marks a live link used, in one conditional UPDATE (the single-use guarantee: only one of two
 * concurrent clicks can flip used_at from NULL). Links of disabled users or off-boarded clients are
 * left unused. Returns the link's user and purpose, or null when nothing was used.
 */
export async function useAuthToken(q: Queryable, tokenHash: string, now: number): Promise<{ userId: number; purpose: string } | null> {
  const row = await q
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('user_id', 'in', (eb) =>
      eb
        .selectFrom('portal_users as u')
        .innerJoin('clients as c', 'c.id', 'u.client_id')
        .select('u.id')
        .where('u.status', '!=', 'disabled')
        .where('c.status', '=', 'active'),
    )
    .returning(['user_id', 'purpose'])
    .executeTakeFirst();
  return row ? { userId: Number(row.user_id), purpose: row.purpose } : null;
}
