import type { Queryable } from '../store.js';

export type RecordChangeKind = 'created' | 'updated' | 'deleted';

/** The change log clients' activity and digests read: one row per stored version. */
export async function insertRecordChange(q: Queryable, recordId: number, change: RecordChangeKind, version: number, at: number): Promise<void> {
  await q.insertInto('record_changes').values({ record_id: recordId, change, version, at }).execute();
}
