import type { Queryable } from '../store.js';
import type { DeadLetterInput } from './dead-letter-row.js';

/** A payload that could not be applied, kept open for staff; returns its id. */
export async function insertDeadLetter(q: Queryable, input: DeadLetterInput, now: number): Promise<number> {
  const row = await q
    .insertInto('dead_letters')
    .values({
      workspace_id: input.workspaceId,
      connection_id: input.connectionId,
      provider: input.provider,
      object_type: input.objectType,
      external_id: input.externalId,
      stage: input.stage,
      reason: input.reason,
      payload: JSON.stringify(input.payload),
      source_updated_at: input.sourceUpdatedAt,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
