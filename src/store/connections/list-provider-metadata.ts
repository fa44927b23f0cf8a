import type { Queryable } from '../store.js';

/** Every provider metadata value a connection keeps (JSON text as stored), by key. */
export async function listProviderMetadata(q: Queryable, connectionId: number): Promise<Map<string, string>> {
  const rows = await q.selectFrom('provider_metadata').select(['key', 'value']).where('connection_id', '=', connectionId).execute();
  return new Map(rows.map((row) => [row.key, row.value]));
}
