import type { Queryable } from '../store.js';

/** Makes a record (a CRM company) the source of a client; a record is the source of one client at most (unique). */
export async function insertClientSource(q: Queryable, source: { clientId: number; recordId: number; how: string }, now: number): Promise<void> {
  await q.insertInto('client_sources').values({ client_id: source.clientId, record_id: source.recordId, how: source.how, created_at: now }).execute();
}
