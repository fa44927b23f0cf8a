import type { Queryable } from '../store.js';

/** The slots of a key that some process took, with when each lapses. */
export async function listConcurrencySlots(q: Queryable, key: string): Promise<{ slot: number; expiresAt: number }[]> {
  const rows = await q.selectFrom('concurrency_slots').select(['slot', 'expires_at']).where('key', '=', key).execute();
  return rows.map((row) => ({ slot: row.slot, expiresAt: row.expires_at }));
}
