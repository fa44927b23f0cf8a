import type { Queryable } from '../store.js';

/** The browser a live link is bound to and the address it was sent to, or null when it could not sign in. */
export async function findLinkBinding(q: Queryable, tokenHash: string, now: number): Promise<{ browserHash: string | null; email: string; userId: number } | null> {
  const row = await q
    .selectFrom('auth_tokens as t')
    .innerJoin('portal_users as u', 'u.id', 't.user_id')
    .select(['t.browser_hash as browserHash', 'u.email', 'u.id as userId'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.used_at', 'is', null)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now)
    .executeTakeFirst();
  return row ?? null;
}
