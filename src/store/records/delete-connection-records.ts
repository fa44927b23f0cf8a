import type { Queryable } from '../store.js';

/**
 * Deletes what a connection synced: its records and everything that points at them (change
 * history, identity links and reviews, invoice matches, client sources, provisioning markers, dead
 * letters, cursors); portal users keep their account but lose the contact it pointed at. Call it
 * inside a transaction. Returns how many records went.
 */
export async function deleteConnectionRecords(q: Queryable, connectionId: number): Promise<number> {
  const ofConnection = () => q.selectFrom('records').select('id').where('connection_id', '=', connectionId);
  await q.deleteFrom('record_changes').where('record_id', 'in', ofConnection()).execute();
  await q.deleteFrom('record_links').where('record_id', 'in', ofConnection()).execute();
  await q.deleteFrom('link_reviews').where('record_id', 'in', ofConnection()).execute();
  await q.deleteFrom('client_sources').where('record_id', 'in', ofConnection()).execute();
  await q.deleteFrom('provisionings').where('deal_record_id', 'in', ofConnection()).execute();
  await q.updateTable('portal_users').set({ contact_record_id: null }).where('contact_record_id', 'in', ofConnection()).execute();
  // A match group losing a copy is dissolved; decisions and reviews about a purged invoice go with it.
  await q
    .deleteFrom('invoice_matches')
    .where('group_id', 'in', q.selectFrom('invoice_matches').select('group_id').where('record_id', 'in', ofConnection()))
    .execute();
  await q.deleteFrom('invoice_match_decisions').where((eb) => eb.or([eb('record_a', 'in', ofConnection()), eb('record_b', 'in', ofConnection())])).execute();
  await q.deleteFrom('invoice_match_reviews').where((eb) => eb.or([eb('record_a', 'in', ofConnection()), eb('record_b', 'in', ofConnection())])).execute();
  const deleted = await q.deleteFrom('records').where('connection_id', '=', connectionId).executeTakeFirst();
  await q.deleteFrom('dead_letters').where('connection_id', '=', connectionId).execute();
  await q.deleteFrom('sync_cursors').where('connection_id', '=', connectionId).execute();
  return Number(deleted.numDeletedRows);
}
