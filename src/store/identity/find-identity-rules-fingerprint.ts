import type { Queryable } from '../store.js';

/** The fingerprint of the identity rules the workspace's links were last worked out with (null: never; undefined: no workspace). */
export async function findIdentityRulesFingerprint(q: Queryable, workspaceId: number): Promise<string | null | undefined> {
  const row = await q.selectFrom('workspaces').select('identity_rules_fingerprint').where('id', '=', workspaceId).executeTakeFirst();
  return row ? row.identity_rules_fingerprint : undefined;
}
