import type { Queryable } from '../store.js';

/** The staff member who started the connect behind this state (by its keyed hash), or null (a CLI connect, or an unknown state). */
export async function findOAuthStateStarter(q: Queryable, stateHash: string, provider: string): Promise<number | null> {
  const row = await q.selectFrom('oauth_states').select('staff_user_id').where('state_hash', '=', stateHash).where('provider', '=', provider).executeTakeFirst();
  return row?.staff_user_id ?? null;
}
