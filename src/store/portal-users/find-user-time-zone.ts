import type { Queryable } from '../store.js';

/** The time zone stored on a portal user, or null (unknown user, or none reported). */
export async function findUserTimeZone(q: Queryable, userId: number): Promise<string | null> {
  const row = await q.selectFrom('portal_users').select('time_zone').where('id', '=', userId).executeTakeFirst();
  return row?.time_zone ?? null;
}
