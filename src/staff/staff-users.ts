import { z } from 'zod';
import type { Queryable } from '../store/store.js';
import type { StaffRole } from './staff-permissions.js';
import { upsertStaffUser as upsertStaffUserRow } from '../store/staff/upsert-staff-user.js';
import type { StaffUser } from '../store/staff/staff-user-row.js';

export type { StaffUser } from '../store/staff/staff-user-row.js';

export const staffEmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** Creates a staff user, or gives an existing one this role (and re-enables them); returns the row. */
export async function upsertStaffUser(q: Queryable, input: { workspaceId: number; email: string; name?: string; role: StaffRole }, now = Date.now()): Promise<StaffUser> {
  const parsed = staffEmailSchema.safeParse(input.email);
  // One sentence, not zod's issue list: this reaches the CLI (`staff add`) and the console as is.
  if (!parsed.success) throw new Error(`"${input.email}" is not an email address; give the staff member's email, e.g. alex@example.com`);
  const email = parsed.data;
  const name = input.name?.trim() || email.split('@')[0]!;
  return upsertStaffUserRow(q, { workspaceId: input.workspaceId, email, name, role: input.role, createdAt: now });
}
