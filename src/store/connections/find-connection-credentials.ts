import type { Queryable } from '../store.js';

/** The connection's sealed credentials as stored (the keyring opens them): null when none are stored or there is no such connection. */
export async function findConnectionCredentials(q: Queryable, connectionId: number): Promise<string | null> {
  const row = await q.selectFrom('connections').select('credentials_sealed').where('id', '=', connectionId).executeTakeFirst();
  return row?.credentials_sealed ?? null;
}
