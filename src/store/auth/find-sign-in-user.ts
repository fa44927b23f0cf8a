import type { Queryable } from '../store.js';

export interface SignInUserRow {
  userId: number;
  clientId: number;
  workspaceId: number;
  name: string;
  email: string;
  status: string;
  passwordHash: string | null;
}

/** A user who may sign in: not removed, their client not off-boarded (email compared without case). */
export async function findSignInUser(q: Queryable, workspaceId: number, email: string): Promise<SignInUserRow | null> {
  const row = await q
    .selectFrom('portal_users as u')
    .innerJoin('clients as c', 'c.id', 'u.client_id')
    .select(['u.id as userId', 'u.client_id as clientId', 'u.workspace_id as workspaceId', 'u.name', 'u.email', 'u.status', 'u.password_hash as passwordHash'])
    .where('u.workspace_id', '=', workspaceId)
    .where('u.email', '=', email)
    .where('u.status', '!=', 'disabled')
    .where('c.status', '=', 'active')
    .executeTakeFirst();
  return row ?? null;
}
