import type { Queryable } from '../store.js';

/** Remembers which identity rules the workspace's links were worked out with. */
export async function updateIdentityRulesFingerprint(q: Queryable, workspaceId: number, fingerprint: string): Promise<void> {
  await q.updateTable('workspaces').set({ identity_rules_fingerprint: fingerprint }).where('id', '=', workspaceId).execute();
}
