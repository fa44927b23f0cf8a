import type { Queryable } from '../store.js';

/** New unified data for a stored record (a re-map): a new version, and no change-log row (the source did not change). */
export async function updateRecordData(q: Queryable, id: number, data: string): Promise<void> {
  await q
    .updateTable('records')
    .set((eb) => ({ data, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
