import type { Queryable } from '../store.js';

/** Stores a portal user's time zone; writes nothing when it is already that zone. Returns whether a row changed. */
export async function updateUserTimeZone(q: Queryable, userId: number, timeZone: string): Promise<boolean> {
  const result = await q
    .updateTable('portal_users')
    .set({ time_zone: timeZone })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('time_zone', 'is', null), eb('time_zone', '<>', timeZone)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
