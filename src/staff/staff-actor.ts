import type { StaffActor } from '../identity/staff-actor.js';

/** Who did it, as the audit log and identity decisions record it: `staff` + the staff user's id. */
export function staffActor(staffUserId: number, ip: string | null): StaffActor {
  return { type: 'staff', id: String(staffUserId), ip };
}
