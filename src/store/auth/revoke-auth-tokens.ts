import type { Queryable } from '../store.js';

/** Revokes a user's unused, unrevoked links (of one purpose, or all); returns how many. */
export async function revokeAuthTokens(q: Queryable, userId: number, now: number, purpose?: string): Promise<number> {
  let query = q.updateTable('auth_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).where('revoked_at', 'is', null);
  if (purpose !== undefined) query = query.where('purpose', '=', purpose);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
