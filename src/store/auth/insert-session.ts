import type { Queryable } from '../store.js';

export interface NewSessionRow {
  idHash: string;
  userId: number;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
  mfaState: string;
  mfaVerifiedAt: number | null;
  authMethod: string | null;
}

export async function insertSession(q: Queryable, row: NewSessionRow): Promise<void> {
  await q
    .insertInto('sessions')
    .values({
      id_hash: row.idHash,
      user_id: row.userId,
      csrf_token: row.csrfToken,
      created_at: row.createdAt,
      last_seen_at: row.createdAt,
      expires_at: row.expiresAt,
      user_agent: row.userAgent,
      ip: row.ip,
      mfa_state: row.mfaState,
      mfa_verified_at: row.mfaVerifiedAt,
      auth_method: row.authMethod,
    })
    .execute();
}
