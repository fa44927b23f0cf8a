import type { Queryable } from '../store.js';

/** Moves a session's last_seen_at forward to `now` (never back: a slower request cannot undo a later one). */
export async function updateSessionLastSeen(q: Queryable, idHash: string, now: number): Promise<void> {
  await q.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).where('last_seen_at', '<', now).execute();
}
