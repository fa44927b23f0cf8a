import { sql } from 'kysely';
import type { Queryable } from '../store.js';

/** Counts one more attempt at delivering the action. */
export async function updateActionAttempts(q: Queryable, id: number, now = Date.now()): Promise<void> {
  await q.updateTable('portal_actions').set({ attempts: sql<number>`attempts + 1`, updated_at: now }).where('id', '=', id).execute();
}
