import type { Queryable } from '../store.js';

/** Closes a dead letter (replayed or discarded) with an optional note. Returns whether it was open. */
export async function resolveDeadLetter(q: Queryable, id: number, status: 'replayed' | 'discarded', note: string | null, now = Date.now()): Promise<boolean> {
  const result = await q
    .updateTable('dead_letters')
    .set({ status, resolved_at: now, note })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
