import type { Queryable } from '../store.js';

/** A portal user's email preference ('off', 'immediate' or 'daily'), or undefined when there is no such user. */
export async function findNotifyMode(q: Queryable, userId: number): Promise<string | undefined> {
  const row = await q.selectFrom('portal_users').select('notify_mode').where('id', '=', userId).executeTakeFirst();
  return row?.notify_mode;
}
