import type { Queryable } from '../store.js';

/** A new portal user, status invited; returns the id. */
export async function insertInvitedUser(q: Queryable, user: { workspaceId: number; clientId: number; email: string; name: string; role: string }, now: number): Promise<number> {
  const row = await q
    .insertInto('portal_users')
    .values({ workspace_id: user.workspaceId, client_id: user.clientId, email: user.email, name: user.name, role: user.role, status: 'invited', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
