import type { Queryable } from '../store.js';

export interface PortalUserRow {
  id: number;
  clientId: number;
  workspaceId: number;
  email: string;
  status: string;
  passwordHash: string | null;
}

/** A portal user by id, whatever their status, or null. */
export async function findPortalUser(q: Queryable, userId: number): Promise<PortalUserRow | null> {
  const row = await q
    .selectFrom('portal_users')
    .select(['id', 'client_id as clientId', 'workspace_id as workspaceId', 'email', 'status', 'password_hash as passwordHash'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return row ?? null;
}
