import type { Queryable } from '../store.js';

/** One project's cached messages: provider id → message id. */
export async function listProjectMessageIds(q: Queryable, projectRecordId: number): Promise<Map<string, number>> {
  const rows = await q.selectFrom('conversation_messages').select(['id', 'external_id']).where('project_record_id', '=', projectRecordId).orderBy('id').execute();
  return new Map(rows.map((row) => [row.external_id, row.id]));
}
