import type { Queryable } from '../store.js';

/** Records by id (deleted ones too), with their unified data as stored (JSON), keyed by id. */
export async function listRecordsByIds(q: Queryable, ids: number[]): Promise<Map<number, { id: number; provider: string; externalId: string; data: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom('records').select(['id', 'provider', 'external_id as externalId', 'data']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row]));
}
