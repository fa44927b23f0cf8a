import type { Queryable } from '../store.js';

export interface NewStaffSessionRow {
  idHash: string;
  staffUserId: number;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
}

/** Stores a new staff session (only the keyed hash of its id). */
export async function insertStaffSession(q: Queryable, row: NewStaffSessionRow): Promise<void> {
  await q
    .insertInto('staff_sessions')
    .values({
      id_hash: row.idHash,
      staff_user_id: row.staffUserId,
      csrf_token: row.csrfToken,
      created_at: row.createdAt,
      last_seen_at: row.createdAt,
      expires_at: row.expiresAt,
      user_agent: row.userAgent,
      ip: row.ip,
    })
    .execute();
}
