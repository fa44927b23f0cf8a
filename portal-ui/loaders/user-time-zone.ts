import type { Queryable } from '../../src/store/store.js';
import { updateUserTimeZone } from '../../src/store/portal-users/update-user-time-zone.js';
import { isTimeZone } from './calendar-day.js';

/** Stores the zone the browser reported; an unknown name is refused (false), never stored. */
export async function saveUserTimeZone(q: Queryable, userId: number, timeZone: unknown): Promise<boolean> {
  if (!isTimeZone(timeZone)) return false;
  await updateUserTimeZone(q, userId, timeZone);
  return true;
}
