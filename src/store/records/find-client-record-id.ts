import type { Queryable } from '../store.js';

/** The id of the client's live record of a kind under a connection's provider id (an upload's company or project). */
export async function findClientRecordId(q: Queryable, where: { clientId: number; connectionId: number; kind: string; externalId: string }): Promise<number | null> {
  const row = await q
    .selectFrom('records')
    .select('id')
    .where('connection_id', '=', where.connectionId)
    .where('kind', '=', where.kind)
    .where('external_id', '=', where.externalId)
    .where('client_id', '=', where.clientId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return row?.id ?? null;
}
