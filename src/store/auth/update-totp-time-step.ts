import type { Queryable } from '../store.js';

/** Records an accepted time step only if it is later than the last one (no replay); true when recorded. */
export async function updateTotpTimeStep(q: Queryable, userId: number, timeStep: number): Promise<boolean> {
  const result = await q
    .updateTable('portal_user_totp')
    .set({ last_time_step: timeStep })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', timeStep)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
