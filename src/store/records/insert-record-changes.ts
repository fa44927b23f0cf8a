import type { Queryable } from '../store.js';
import { compileOnce, slotRows } from '../common/prepared-query.js';
import type { RecordChangeKind } from './insert-record-change.js';

const ROWS_PER_STATEMENT = 500;
const COLUMNS = 4;

const insertSlice = compileOnce((q, slots, rows) =>
  q.insertInto('record_changes').values(slotRows(slots, rows, COLUMNS, (value) => ({ record_id: value(0), change: value(1), version: value(2), at: value(3) }))),
);

/** Change-log rows for many records at once (see insertRecordChange), a few statements per sync page, each compiled once per row count. */
export async function insertRecordChanges(q: Queryable, changes: readonly { recordId: number; change: RecordChangeKind; version: number; at: number }[]): Promise<void> {
  for (let i = 0; i < changes.length; i += ROWS_PER_STATEMENT) {
    const slice = changes.slice(i, i + ROWS_PER_STATEMENT);
    const values: unknown[] = [];
    for (const c of slice) values.push(c.recordId, c.change, c.version, c.at);
    await insertSlice(q, slice.length, values);
  }
}
