import type { StaffRole } from '../../staff/staff-permissions.js';

/** A staff member of the console, as the repositories return them. */
export interface StaffUser {
  id: number;
  workspaceId: number;
  email: string;
  name: string;
  role: StaffRole;
  status: 'active' | 'disabled';
  lastSignInAt: number | null;
}

export const STAFF_USER_COLUMNS = ['id', 'workspace_id as workspaceId', 'email', 'name', 'role', 'status', 'last_sign_in_at as lastSignInAt'] as const;

/** Narrows a selected row to StaffUser (role and status are plain text columns). */
export function toStaffUser(row: { id: number; workspaceId: number; email: string; name: string; role: string; status: string; lastSignInAt: number | null }): StaffUser {
  return { ...row, role: row.role as StaffRole, status: row.status as StaffUser['status'] };
}
