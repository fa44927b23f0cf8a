import type { Queryable } from '../store.js';

export interface NewAuthTokenRow {
  tokenHash: string;
  userId: number;
  purpose: string;
  createdAt: number;
  expiresAt: number;
  browserHash: string | null;
}

export async function insertAuthToken(q: Queryable, row: NewAuthTokenRow): Promise<void> {
  await q
    .insertInto('auth_tokens')
    .values({ token_hash: row.tokenHash, user_id: row.userId, purpose: row.purpose, created_at: row.createdAt, expires_at: row.expiresAt, browser_hash: row.browserHash })
    .execute();
}
