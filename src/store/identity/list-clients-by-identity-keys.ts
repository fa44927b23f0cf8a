import type { Queryable } from '../store.js';
import { activeClient, decidedAnchor, keysOfTypes } from './anchor-filters.js';

export type IdentityKeyType = 'email' | 'domain' | 'name';

/**
 * The clients these keys name as evidence, looked up through the identity_keys index: companies
 * and contacts that are anchors, and (for addresses) the signed-in portal users provisioned from
 * such a contact of the same client, or (for names) the clients' own names. One query for the
 * records and one for the users or clients, whatever the number of keys (in slices of 500).
 */
export async function listClientsByIdentityKeys(
  q: Queryable,
  query: { workspaceId: number; keys: { type: IdentityKeyType; keys: string[] }[]; crmProviders: string[]; alsoFrom: 'portal_user' | 'client' },
): Promise<{ key_type: string; key: string; client_id: number }[]> {
  const out: { key_type: string; key: string; client_id: number }[] = [];
  const slices: { type: IdentityKeyType; keys: string[] }[][] = [];
  for (const group of query.keys) for (let i = 0; i < group.keys.length; i += 500) slices.push([{ type: group.type, keys: group.keys.slice(i, i + 500) }]);
  for (const keys of slices) {
    const fromRecords = await q
      .selectFrom('identity_keys as k')
      .innerJoin('records as r', 'r.id', 'k.subject_id')
      .innerJoin('clients as c', 'c.id', 'r.client_id')
      .leftJoin('record_links as l', 'l.record_id', 'r.id')
      .select(['k.key_type', 'k.key', 'r.client_id'])
      .distinct()
      .where('k.workspace_id', '=', query.workspaceId)
      .where('k.subject', '=', 'record')
      .where((eb) => keysOfTypes(eb, keys))
      .where('r.workspace_id', '=', query.workspaceId)
      .where('r.deleted', '=', 0)
      .where('r.kind', 'in', ['company', 'contact'])
      .where((eb) => activeClient(eb))
      .where((eb) => decidedAnchor(eb, query.crmProviders))
      .execute();
    for (const row of fromRecords) out.push({ key_type: row.key_type, key: row.key, client_id: row.client_id! });
    if (query.alsoFrom === 'portal_user') {
      const fromUsers = await q
        .selectFrom('identity_keys as k')
        .innerJoin('portal_users as u', 'u.id', 'k.subject_id')
        .innerJoin('records as r', 'r.id', 'u.contact_record_id')
        .innerJoin('clients as c', 'c.id', 'u.client_id')
        .leftJoin('record_links as l', 'l.record_id', 'r.id')
        .select(['k.key_type', 'k.key', 'u.client_id'])
        .distinct()
        .where('k.workspace_id', '=', query.workspaceId)
        .where('k.subject', '=', 'portal_user')
        .where((eb) => keysOfTypes(eb, keys))
        .where('u.workspace_id', '=', query.workspaceId)
        .where('u.status', '=', 'active')
        .whereRef('r.client_id', '=', 'u.client_id')
        .where('r.kind', '=', 'contact')
        .where('r.deleted', '=', 0)
        .where('r.workspace_id', '=', query.workspaceId)
        .where((eb) => activeClient(eb))
        .where((eb) => decidedAnchor(eb, query.crmProviders))
        .execute();
      out.push(...fromUsers);
    } else {
      const fromClients = await q
        .selectFrom('identity_keys as k')
        .innerJoin('clients as c', 'c.id', 'k.subject_id')
        .select(['k.key_type', 'k.key', 'c.id as client_id'])
        .distinct()
        .where('k.workspace_id', '=', query.workspaceId)
        .where('k.subject', '=', 'client')
        .where((eb) => keysOfTypes(eb, keys))
        .where('c.workspace_id', '=', query.workspaceId)
        .where((eb) => activeClient(eb))
        .execute();
      out.push(...fromClients);
    }
  }
  // A key both sources answer for the same client counts once (a UNION of the two).
  const seen = new Set<string>();
  return out.filter((row) => {
    const key = `${row.client_id}\u0000${row.key_type}\u0000${row.key}`;
    return !seen.has(key) && seen.add(key);
  });
}
