import type { Queryable } from '../store.js';

/** A new active client; returns its id. */
export async function insertClient(q: Queryable, client: { workspaceId: number; name: string }, now: number): Promise<number> {
  const row = await q
    .insertInto('clients')
    .values({ workspace_id: client.workspaceId, name: client.name, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
