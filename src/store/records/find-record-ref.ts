import type { Queryable } from '../store.js';

/** A record's provider id and connection (the outbox's reference to it), or undefined when there is none. */
export async function findRecordRef(q: Queryable, recordId: number): Promise<{ externalId: string; connectionId: number } | undefined> {
  const row = await q.selectFrom('records').select(['external_id', 'connection_id']).where('id', '=', recordId).executeTakeFirst();
  return row ? { externalId: row.external_id, connectionId: row.connection_id } : undefined;
}
