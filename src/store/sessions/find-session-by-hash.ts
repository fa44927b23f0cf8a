import type { Queryable } from '../store.js';
import { preparedQuery } from '../common/prepared-query.js';

export interface SessionWithUserRow {
  userId: number;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  endedAt: number | null;
  clientId: number;
  workspaceId: number;
  name: string;
  email: string;
  role: string;
  userStatus: string;
  clientStatus: string;
  mfaState: string;
  mfaVerifiedAt: number | null;
  hasPassword: boolean;
  /** The zone the user's browser reported, as stored (null: none yet). */
  timeZone: string | null;
}

/**
 * A session by the hash of its id, with its user and the user's client as they are now (read on
 * every request, so disabling either ends access at the next click).
 */
export async function findSessionByHash(q: Queryable, idHash: string): Promise<SessionWithUserRow | undefined> {
  const [row] = await byHash(q, idHash);
  if (!row) return undefined;
  const { passwordHash, ...rest } = row;
  return { ...rest, hasPassword: passwordHash !== null };
}

// Every request of a signed-in user asks this: built and compiled once.
const byHash = preparedQuery((db, idHash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('portal_users as u', 'u.id', 's.user_id')
    .innerJoin('clients as c', 'c.id', 'u.client_id')
    .select([
      's.user_id as userId',
      's.csrf_token as csrfToken',
      's.created_at as createdAt',
      's.last_seen_at as lastSeenAt',
      's.expires_at as expiresAt',
      's.ended_at as endedAt',
      'u.client_id as clientId',
      'u.workspace_id as workspaceId',
      'u.name as name',
      'u.email as email',
      'u.role as role',
      'u.status as userStatus',
      'c.status as clientStatus',
      's.mfa_state as mfaState',
      's.mfa_verified_at as mfaVerifiedAt',
      'u.password_hash as passwordHash',
      'u.time_zone as timeZone',
    ])
    .where('s.id_hash', '=', idHash),
);
