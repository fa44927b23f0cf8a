import type { Queryable } from '../../src/store/store.js';
import { findUserTimeZone } from '../../src/store/portal-users/find-user-time-zone.js';
import { updateUserTimeZone } from '../../src/store/portal-users/update-user-time-zone.js';
import { isTimeZone } from './calendar-day.js';

/** The zone the user's browser reported (stored on their account), or UTC. */
export async function userTimeZone(q: Queryable, userId: number): Promise<string> {
  const zone = await findUserTimeZone(q, userId);
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

/** Stores the zone the browser reported; an unknown name is refused (false), never stored. */
export async function saveUserTimeZone(q: Queryable, userId: number, timeZone: unknown): Promise<boolean> {
  if (!isTimeZone(timeZone)) return false;
  await updateUserTimeZone(q, userId, timeZone);
  return true;
}
