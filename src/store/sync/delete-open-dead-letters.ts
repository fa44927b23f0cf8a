import type { Queryable } from '../store.js';

/** Removes the open dead letters of one provider record (a new failure replaces them). */
export async function deleteOpenDeadLetters(q: Queryable, connectionId: number, objectType: string, externalId: string): Promise<void> {
  await q
    .deleteFrom('dead_letters')
    .where('status', '=', 'open')
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .where('external_id', '=', externalId)
    .execute();
}
