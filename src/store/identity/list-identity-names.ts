import type { Queryable } from '../store.js';
import { activeClient, decidedAnchor } from './anchor-filters.js';

/**
 * Every folded name that is evidence in the workspace, with its client: names of anchor companies
 * and contacts, and clients' own names. Read only when a near-name match has to see them all.
 */
export async function listIdentityNames(q: Queryable, workspaceId: number, crmProviders: string[]): Promise<{ key: string; client_id: number }[]> {
  const fromRecords = await q
    .selectFrom('identity_keys as k')
    .innerJoin('records as r', 'r.id', 'k.subject_id')
    .innerJoin('clients as c', 'c.id', 'r.client_id')
    .leftJoin('record_links as l', 'l.record_id', 'r.id')
    .select(['k.key', 'r.client_id'])
    .distinct()
    .where('k.workspace_id', '=', workspaceId)
    .where('k.key_type', '=', 'name')
    .where('k.subject', '=', 'record')
    .where('r.workspace_id', '=', workspaceId)
    .where('r.deleted', '=', 0)
    .where('r.kind', 'in', ['company', 'contact'])
    .where((eb) => activeClient(eb))
    .where((eb) => decidedAnchor(eb, crmProviders))
    .execute();
  const fromClients = await q
    .selectFrom('identity_keys as k')
    .innerJoin('clients as c', 'c.id', 'k.subject_id')
    .select(['k.key', 'c.id as client_id'])
    .distinct()
    .where('k.workspace_id', '=', workspaceId)
    .where('k.key_type', '=', 'name')
    .where('k.subject', '=', 'client')
    .where('c.workspace_id', '=', workspaceId)
    .where((eb) => activeClient(eb))
    .execute();
  // A name both a client and its company carry counts once (a UNION of the two).
  const seen = new Set<string>();
  return [...fromRecords.map((row) => ({ key: row.key, client_id: row.client_id! })), ...fromClients].filter((row) => {
    const key = `${row.client_id}\u0000${row.key}`;
    return !seen.has(key) && seen.add(key);
  });
}
