import type { Queryable } from '../store.js';

/** How a session's first factor was given (null for sessions from before it was recorded). */
export async function findSessionAuthMethod(q: Queryable, idHash: string): Promise<string | null> {
  const row = await q.selectFrom('sessions').select('auth_method').where('id_hash', '=', idHash).executeTakeFirst();
  return row?.auth_method ?? null;
}
