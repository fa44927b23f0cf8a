import type { Queryable } from '../store.js';

/**
 * The providers that act as the workspace's CRM: those with deals in the cache. One probe per
 * connection through the (connection, kind, external id) index, not a scan of every deal.
 */
export async function listCrmProviders(q: Queryable, workspaceId: number): Promise<Set<string>> {
  const rows = await q
    .selectFrom('connections as c')
    .select('c.provider')
    .distinct()
    .where('c.workspace_id', '=', workspaceId)
    .where((eb) => eb.exists(eb.selectFrom('records as r').select('r.id').whereRef('r.connection_id', '=', 'c.id').where('r.kind', '=', 'deal')))
    .execute();
  return new Set(rows.map((r) => r.provider));
}
