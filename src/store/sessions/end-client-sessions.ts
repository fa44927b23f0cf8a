import type { Queryable } from '../store.js';

/** Ends every open session of a client's people; returns how many ended. */
export async function endClientSessions(q: Queryable, clientId: number, now: number): Promise<number> {
  const result = await q
    .updateTable('sessions')
    .set({ ended_at: now })
    .where('ended_at', 'is', null)
    .where('user_id', 'in', q.selectFrom('portal_users').select('id').where('client_id', '=', clientId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
