import type { Queryable } from '../store.js';

/** The e-mail addresses of the workspace's active owners (who hear about alerts). */
export async function listOwnerEmails(q: Queryable, workspaceId: number): Promise<string[]> {
  const rows = await q.selectFrom('staff_users').select('email').where('workspace_id', '=', workspaceId).where('role', '=', 'owner').where('status', '=', 'active').orderBy('id').execute();
  return rows.map((row) => row.email);
}
