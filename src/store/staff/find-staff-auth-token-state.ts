import type { Queryable } from '../store.js';

/** Why a staff link could not be used: its state and its staff member's status, or undefined for an unknown token. */
export async function findStaffAuthTokenState(
  q: Queryable,
  tokenHash: string,
): Promise<{ usedAt: number | null; revokedAt: number | null; expiresAt: number; staffUserId: number; status: string } | undefined> {
  return q
    .selectFrom('staff_auth_tokens as t')
    .innerJoin('staff_users as u', 'u.id', 't.staff_user_id')
    .select(['t.used_at as usedAt', 't.revoked_at as revokedAt', 't.expires_at as expiresAt', 'u.id as staffUserId', 'u.status as status'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
