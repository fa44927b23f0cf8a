import type { Queryable } from '../store.js';

/** Whether any portal user asked for email updates (notify mode other than 'off'); the digest job decides who is due. */
export async function hasDigestSubscribers(q: Queryable): Promise<boolean> {
  const row = await q.selectFrom('portal_users').select('id').where('notify_mode', '!=', 'off').limit(1).executeTakeFirst();
  return row !== undefined;
}
