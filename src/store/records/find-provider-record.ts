import type { Queryable } from '../store.js';
import type { RecordKind, StoredRecord } from '../../model/unified-model.js';
import { toStoredRecord } from './stored-record.js';

/** The record a connection holds under an object type and provider id, deleted or not (undefined when there is none). */
export async function findProviderRecord<K extends RecordKind>(q: Queryable, connectionId: number, objectType: string, externalId: string): Promise<StoredRecord<K> | undefined> {
  const row = await q.selectFrom('records').selectAll().where('connection_id', '=', connectionId).where('object_type', '=', objectType).where('external_id', '=', externalId).executeTakeFirst();
  return row ? toStoredRecord<K>(row) : undefined;
}
