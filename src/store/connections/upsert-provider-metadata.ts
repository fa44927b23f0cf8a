import type { Queryable } from '../store.js';

/** Keeps one provider metadata value of a connection (JSON text), replacing the previous one. */
export async function upsertProviderMetadata(q: Queryable, connectionId: number, key: string, value: string, fetchedAt: number): Promise<void> {
  await q
    .insertInto('provider_metadata')
    .values({ connection_id: connectionId, key, value, fetched_at: fetchedAt })
    .onConflict((oc) => oc.columns(['connection_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), fetched_at: eb.ref('excluded.fetched_at') })))
    .execute();
}
