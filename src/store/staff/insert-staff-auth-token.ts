import type { Queryable } from '../store.js';

/** Stores a staff sign-in link (only the keyed hash of its token). */
export async function insertStaffAuthToken(q: Queryable, row: { tokenHash: string; staffUserId: number; createdAt: number; expiresAt: number; browserHash: string | null }): Promise<void> {
  await q
    .insertInto('staff_auth_tokens')
    .values({ token_hash: row.tokenHash, staff_user_id: row.staffUserId, created_at: row.createdAt, expires_at: row.expiresAt, browser_hash: row.browserHash })
    .execute();
}
