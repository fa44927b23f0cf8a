import type { Queryable } from '../store.js';

export interface AuthTokenState {
  usedAt: number | null;
  revokedAt: number | null;
  expiresAt: number;
  userId: number;
  userStatus: string;
  clientId: number;
  workspaceId: number;
  clientStatus: string;
}

/** A link's state with its user's and client's, to say why it did not work (for the audit log). */
export async function findAuthTokenState(q: Queryable, tokenHash: string): Promise<AuthTokenState | null> {
  const row = await q
    .selectFrom('auth_tokens as t')
    .innerJoin('portal_users as u', 'u.id', 't.user_id')
    .innerJoin('clients as c', 'c.id', 'u.client_id')
    .select([
      't.used_at as usedAt',
      't.revoked_at as revokedAt',
      't.expires_at as expiresAt',
      'u.id as userId',
      'u.status as userStatus',
      'u.client_id as clientId',
      'u.workspace_id as workspaceId',
      'c.status as clientStatus',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ?? null;
}
