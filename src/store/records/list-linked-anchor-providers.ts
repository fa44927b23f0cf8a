import type { Queryable } from '../store.js';

/** Providers of the given records that are linked companies or contacts (what identifies a client). */
export async function listLinkedAnchorProviders(q: Queryable, recordIds: number[]): Promise<string[]> {
  if (recordIds.length === 0) return [];
  const rows = await q
    .selectFrom('records')
    .select('provider')
    .distinct()
    .where('id', 'in', recordIds)
    .where('client_id', 'is not', null)
    .where('kind', 'in', ['company', 'contact'])
    .execute();
  return rows.map((row) => row.provider);
}
