import type { Queryable } from '../store.js';
import { preparedQuery } from '../common/prepared-query.js';

/** A client by id with its workspace and status (undefined when there is none). */
export async function findClient(q: Queryable, clientId: number): Promise<{ id: number; name: string; workspaceId: number; status: string } | undefined> {
  return (await byId(q, clientId))[0];
}

const byId = preparedQuery((db, clientId: number) => db.selectFrom('clients').select(['id', 'name', 'workspace_id as workspaceId', 'status']).where('id', '=', clientId));
