import type { Queryable } from '../store.js';

/** Moves a staff session's last_seen_at forward to `now` (never back: a slower request cannot undo a later one). */
export async function updateStaffSessionLastSeen(q: Queryable, idHash: string, now: number): Promise<void> {
  await q.updateTable('staff_sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).where('last_seen_at', '<', now).execute();
}
