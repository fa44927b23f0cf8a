import type { Queryable } from '../store.js';

/** Records that a won deal provisioned its client; the unique deal_record_id refuses a second one. */
export async function insertProvisioning(q: Queryable, row: { workspaceId: number; dealRecordId: number; clientId: number }, now: number): Promise<void> {
  await q.insertInto('provisionings').values({ workspace_id: row.workspaceId, deal_record_id: row.dealRecordId, client_id: row.clientId, created_at: now }).execute();
}
