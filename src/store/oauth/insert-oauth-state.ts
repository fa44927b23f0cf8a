import type { Queryable } from '../store.js';

/** Stores a connect's single-use state (its hash), bound to the workspace and, from the console, to the staff member. */
export async function insertOAuthState(
  q: Queryable,
  state: { stateHash: string; provider: string; workspaceId: number; redirectUri: string; createdAt: number; expiresAt: number; staffUserId: number | null },
): Promise<void> {
  await q
    .insertInto('oauth_states')
    .values({
      state_hash: state.stateHash,
      provider: state.provider,
      workspace_id: state.workspaceId,
      redirect_uri: state.redirectUri,
      created_at: state.createdAt,
      expires_at: state.expiresAt,
      staff_user_id: state.staffUserId,
    })
    .execute();
}
