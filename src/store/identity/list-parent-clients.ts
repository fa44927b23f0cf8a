import type { Queryable } from '../store.js';
import { chunksOf } from './link-row.js';

export interface ParentKey {
  connectionId: number;
  kind: string;
  externalId: string;
}

/**
 * The client of each live record named by (connection, kind, provider id): the parents dependents
 * follow. One query per (connection, kind) and 500 ids; a key with no live record is absent, and
 * where two records share a key the first by id answers.
 */
export async function listParentClients(q: Queryable, keys: ParentKey[]): Promise<{ connectionId: number; kind: string; externalId: string; clientId: number | null }[]> {
  const groups = new Map<string, { connectionId: number; kind: string; ids: Set<string> }>();
  for (const key of keys) {
    const name = `${key.connectionId}\u0000${key.kind}`;
    let group = groups.get(name);
    if (!group) groups.set(name, (group = { connectionId: key.connectionId, kind: key.kind, ids: new Set() }));
    group.ids.add(key.externalId);
  }
  const out: { connectionId: number; kind: string; externalId: string; clientId: number | null }[] = [];
  for (const group of groups.values()) {
    for (const chunk of chunksOf([...group.ids])) {
      const rows = await q
        .selectFrom('records')
        .select(['external_id', 'client_id'])
        .where('connection_id', '=', group.connectionId)
        .where('kind', '=', group.kind)
        .where('external_id', 'in', chunk)
        .where('deleted', '=', 0)
        .orderBy('id')
        .execute();
      const seen = new Set<string>();
      for (const row of rows) {
        if (seen.has(row.external_id)) continue;
        seen.add(row.external_id);
        out.push({ connectionId: group.connectionId, kind: group.kind, externalId: row.external_id, clientId: row.client_id });
      }
    }
  }
  return out;
}
