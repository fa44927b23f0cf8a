import type { Queryable } from '../store.js';

/** Forgets a key's window altogether (an account that signed in correctly starts afresh). */
export async function deleteRateWindow(q: Queryable, key: string): Promise<void> {
  await q.deleteFrom('rate_windows').where('key', '=', key).execute();
}
