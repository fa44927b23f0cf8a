import type { Queryable } from '../store.js';

/** One provider metadata value of a connection (JSON text as stored), or undefined when none is kept. */
export async function findProviderMetadata(q: Queryable, connectionId: number, key: string): Promise<string | undefined> {
  const row = await q.selectFrom('provider_metadata').select('value').where('connection_id', '=', connectionId).where('key', '=', key).executeTakeFirst();
  return row?.value;
}
