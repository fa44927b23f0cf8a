import type { Queryable } from '../store.js';

/** Ids of queued messages due for a try (pending, not claimed by a sender now), oldest first. */
export async function listDueOutboxMessages(q: Queryable, now: number, limit = 100): Promise<number[]> {
  const rows = await q
    .selectFrom('outbox_messages')
    .select('id')
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}
