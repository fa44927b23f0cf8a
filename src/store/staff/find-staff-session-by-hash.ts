import type { Queryable } from '../store.js';

export interface StaffSessionWithUserRow {
  staffUserId: number;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  endedAt: number | null;
  workspaceId: number;
  name: string;
  email: string;
  role: string;
  status: string;
}

/** A staff session by the hash of its id, with its staff member as they are now (re-read on every request). */
export async function findStaffSessionByHash(q: Queryable, idHash: string): Promise<StaffSessionWithUserRow | undefined> {
  return q
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_user_id')
    .select([
      's.staff_user_id as staffUserId',
      's.csrf_token as csrfToken',
      's.created_at as createdAt',
      's.last_seen_at as lastSeenAt',
      's.expires_at as expiresAt',
      's.ended_at as endedAt',
      'u.workspace_id as workspaceId',
      'u.name as name',
      'u.email as email',
      'u.role as role',
      'u.status as status',
    ])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
}
