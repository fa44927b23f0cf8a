import type { Queryable } from '../store.js';
import { toDeadLetter, type DeadLetter } from './dead-letter-row.js';

/** The open dead letters of one provider record, newest first. */
export async function listOpenDeadLettersForRecord(q: Queryable, connectionId: number, objectType: string, externalId: string): Promise<DeadLetter[]> {
  const rows = await q
    .selectFrom('dead_letters')
    .selectAll()
    .where('status', '=', 'open')
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .where('external_id', '=', externalId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toDeadLetter);
}
