import type { Queryable } from '../store.js';
import { activeClient } from './anchor-filters.js';
import { chunksOf } from './link-row.js';

/**
 * The active clients these CRM company ids belong to: live companies of the workspace's CRM
 * connections under those provider ids (through the connection, kind, external id index).
 */
export async function listClientsByCrmIds(q: Queryable, query: { workspaceId: number; crmProviders: string[]; ids: string[] }): Promise<{ external_id: string; client_id: number }[]> {
  if (query.crmProviders.length === 0 || query.ids.length === 0) return [];
  const connections = (await q.selectFrom('connections').select('id').where('workspace_id', '=', query.workspaceId).where('provider', 'in', query.crmProviders).execute()).map((row) => row.id);
  if (connections.length === 0) return [];
  const out: { external_id: string; client_id: number }[] = [];
  for (const chunk of chunksOf([...new Set(query.ids)])) {
    const rows = await q
      .selectFrom('records as r')
      .innerJoin('clients as c', 'c.id', 'r.client_id')
      .select(['r.external_id', 'r.client_id'])
      .distinct()
      .where('r.connection_id', 'in', connections)
      .where('r.kind', '=', 'company')
      .where('r.external_id', 'in', chunk)
      .where('r.deleted', '=', 0)
      .where((eb) => activeClient(eb))
      .execute();
    for (const row of rows) out.push({ external_id: row.external_id, client_id: row.client_id! });
  }
  return out;
}
