import type { Queryable } from '../store.js';

/**
 * Everything of one client moves to another: records, link decisions, CRM sources, provisionings,
 * portal users, and matched bills with their reviews. Returns how many records and users moved.
 */
export async function moveClientRows(q: Queryable, fromClientId: number, intoClientId: number): Promise<{ movedRecords: number; movedUsers: number }> {
  const records = await q.updateTable('records').set({ client_id: intoClientId }).where('client_id', '=', fromClientId).executeTakeFirst();
  await q.updateTable('record_links').set({ client_id: intoClientId }).where('client_id', '=', fromClientId).execute();
  await q.updateTable('client_sources').set({ client_id: intoClientId }).where('client_id', '=', fromClientId).execute();
  await q.updateTable('provisionings').set({ client_id: intoClientId }).where('client_id', '=', fromClientId).execute();
  const users = await q.updateTable('portal_users').set({ client_id: intoClientId }).where('client_id', '=', fromClientId).executeTakeFirst();
  await q.updateTable('invoice_matches').set({ client_id: intoClientId }).where('client_id', '=', fromClientId).execute();
  await q.updateTable('invoice_match_reviews').set({ client_id: intoClientId }).where('client_id', '=', fromClientId).execute();
  return { movedRecords: Number(records.numUpdatedRows), movedUsers: Number(users.numUpdatedRows) };
}
