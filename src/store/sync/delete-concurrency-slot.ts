import type { Queryable } from '../store.js';

/** Gives a slot back, if this holder still holds it. */
export async function deleteConcurrencySlot(q: Queryable, key: string, slot: number, holder: string): Promise<void> {
  await q.deleteFrom('concurrency_slots').where('key', '=', key).where('slot', '=', slot).where('holder', '=', holder).execute();
}
