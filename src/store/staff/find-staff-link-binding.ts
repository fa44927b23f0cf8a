import type { Queryable } from '../store.js';

/** The browser a live staff link is bound to and the address it was sent to, or null when it could not sign in. */
export async function findStaffLinkBinding(q: Queryable, tokenHash: string, now: number): Promise<{ browserHash: string | null; email: string; staffUserId: number } | null> {
  const row = await q
    .selectFrom('staff_auth_tokens as t')
    .innerJoin('staff_users as u', 'u.id', 't.staff_user_id')
    .select(['t.browser_hash as browserHash', 'u.email', 'u.id as staffUserId'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.used_at', 'is', null)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return row ?? null;
}
