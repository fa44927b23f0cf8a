import { z } from 'zod';
import type { Db } from '../db/open-database.js';

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** The address as typed, made comparable; null when it is not an email address at all. */
export function normalizeEmail(input: unknown): string | null {
  const parsed = emailSchema.safeParse(typeof input === 'string' ? input : '');
  return parsed.success ? parsed.data : null;
}

export interface SignInUser {
  userId: number;
  clientId: number;
  workspaceId: number;
  name: string;
  email: string;
  status: 'invited' | 'active';
  passwordHash: string | null;
}

/** A user who may sign in: not removed, their client not off-boarded. Anyone else is "unknown". */
export function findSignInUser(db: Db, workspaceId: number, email: string): SignInUser | null {
  return (
    (db
      .prepare(
        `SELECT u.id AS userId, u.client_id AS clientId, u.workspace_id AS workspaceId, u.name, u.email, u.status, u.password_hash AS passwordHash
         FROM portal_users u JOIN clients c ON c.id = u.client_id
         WHERE u.workspace_id = ? AND u.email = ? AND u.status != 'disabled' AND c.status = 'active'`,
      )
      .get(workspaceId, email) as SignInUser | undefined) ?? null
  );
}
