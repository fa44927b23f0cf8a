import type { Queryable } from '../store.js';

/**
 * Records a second factor given in a session: its state becomes `state` (when given) and
 * mfa_verified_at is set to `verifiedAt`.
 */
export async function updateSessionMfa(q: Queryable, idHash: string, change: { state?: 'verified'; verifiedAt: number }): Promise<void> {
  await q
    .updateTable('sessions')
    .set({ ...(change.state ? { mfa_state: change.state } : {}), mfa_verified_at: change.verifiedAt })
    .where('id_hash', '=', idHash)
    .execute();
}
