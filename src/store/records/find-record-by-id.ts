import type { Queryable } from '../store.js';
import type { RecordKind, StoredRecord } from '../../model/unified-model.js';
import { toStoredRecord } from './stored-record.js';

/** A record by id, deleted or not, with its data and raw payload parsed (undefined when there is none). */
export async function findRecordById<K extends RecordKind>(q: Queryable, id: number): Promise<StoredRecord<K> | undefined> {
  const row = await q.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStoredRecord<K>(row) : undefined;
}
