import type { Queryable } from '../store.js';

/** The workspace's portal user with this address (compared without case), whatever their status. */
export async function findUserByEmail(q: Queryable, workspaceId: number, email: string): Promise<{ id: number; clientId: number; status: string } | null> {
  const row = await q.selectFrom('portal_users').select(['id', 'client_id as clientId', 'status']).where('workspace_id', '=', workspaceId).where('email', '=', email).executeTakeFirst();
  return row ?? null;
}
