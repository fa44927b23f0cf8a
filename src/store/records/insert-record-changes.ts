import type { Queryable } from '../store.js';
import type { RecordChangeKind } from './insert-record-change.js';

const ROWS_PER_STATEMENT = 500;

/** Change-log rows for many records at once (see insertRecordChange), a few statements per sync page. */
export async function insertRecordChanges(q: Queryable, changes: readonly { recordId: number; change: RecordChangeKind; version: number; at: number }[]): Promise<void> {
  for (let i = 0; i < changes.length; i += ROWS_PER_STATEMENT) {
    const slice = changes.slice(i, i + ROWS_PER_STATEMENT);
    await q.insertInto('record_changes').values(slice.map((c) => ({ record_id: c.recordId, change: c.change, version: c.version, at: c.at }))).execute();
  }
}
