import type { Queryable } from '../store.js';

/** The CRM contact record a portal user was invited from (written into their actions as the author), or null. */
export async function findUserContactRecordId(q: Queryable, userId: number): Promise<number | null> {
  const row = await q.selectFrom('portal_users').select('contact_record_id').where('id', '=', userId).executeTakeFirst();
  return row?.contact_record_id ?? null;
}
