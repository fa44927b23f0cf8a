import type { Queryable } from '../store.js';

/** Revokes every unused, unrevoked link (invitation or sign-in) of a client's people; returns how many. */
export async function revokeClientAuthTokens(q: Queryable, clientId: number, now: number): Promise<number> {
  const result = await q
    .updateTable('auth_tokens')
    .set({ revoked_at: now })
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('user_id', 'in', q.selectFrom('portal_users').select('id').where('client_id', '=', clientId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
