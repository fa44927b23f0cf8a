import type { Queryable } from '../store.js';

/** Takes slot `slot` of a key for `holder` until `expiresAt` (replacing a lapsed holder). */
export async function upsertConcurrencySlot(q: Queryable, key: string, slot: number, holder: string, expiresAt: number): Promise<void> {
  await q
    .insertInto('concurrency_slots')
    .values({ key, slot, holder, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['key', 'slot']).doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') })))
    .execute();
}
