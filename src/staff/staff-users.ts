import { z } from 'zod';
import type { Db } from '../db/open-database.js';
import type { StaffRole } from './staff-permissions.js';

export interface StaffUser {
  id: number;
  workspaceId: number;
  email: string;
  name: string;
  role: StaffRole;
  status: 'active' | 'disabled';
  lastSignInAt: number | null;
}

const COLUMNS = `id, workspace_id AS workspaceId, email, name, role, status, last_sign_in_at AS lastSignInAt`;

export const staffEmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

export function findStaffUserByEmail(db: Db, workspaceId: number, email: string): StaffUser | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM staff_users WHERE workspace_id = ? AND email = ?`).get(workspaceId, email) as StaffUser | undefined;
}

export function listStaffUsers(db: Db, workspaceId: number): StaffUser[] {
  return db.prepare(`SELECT ${COLUMNS} FROM staff_users WHERE workspace_id = ? ORDER BY email`).all(workspaceId) as StaffUser[];
}

/** Creates a staff user, or gives an existing one this role (and re-enables them); returns the row. */
export function upsertStaffUser(db: Db, input: { workspaceId: number; email: string; name?: string; role: StaffRole }, now = Date.now()): StaffUser {
  const parsed = staffEmailSchema.safeParse(input.email);
  // One sentence, not zod's issue list: this reaches the CLI (`staff add`) and the console as is.
  if (!parsed.success) throw new Error(`"${input.email}" is not an email address; give the staff member's email, e.g. alex@example.com`);
  const email = parsed.data;
  const name = input.name?.trim() || email.split('@')[0]!;
  return db
    .prepare(
      `INSERT INTO staff_users (workspace_id, email, name, role, status, created_at) VALUES (?, ?, ?, ?, 'active', ?)
       ON CONFLICT (workspace_id, email) DO UPDATE SET role = excluded.role, status = 'active'
       RETURNING ${COLUMNS}`,
    )
    .get(input.workspaceId, email, name, input.role, now) as StaffUser;
}
