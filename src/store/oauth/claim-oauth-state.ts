import type { Queryable } from '../store.js';

/**
 * Uses a connect's state: one conditional UPDATE, so a state is claimed once, and only while it is
 * unused and unexpired. Returns what it was bound to, or undefined when it cannot be claimed.
 */
export async function claimOAuthState(q: Queryable, stateHash: string, provider: string, now: number): Promise<{ workspaceId: number; redirectUri: string } | undefined> {
  const row = await q
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('provider', '=', provider)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['workspace_id', 'redirect_uri'])
    .executeTakeFirst();
  return row ? { workspaceId: row.workspace_id, redirectUri: row.redirect_uri } : undefined;
}
