import { z } from 'zod';
import type { Queryable } from '../store/store.js';
import { findSignInUser as findSignInUserRow } from '../store/auth/find-sign-in-user.js';

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
export async function findSignInUser(q: Queryable, workspaceId: number, email: string): Promise<SignInUser | null> {
  const row = await findSignInUserRow(q, workspaceId, email);
  return row ? { ...row, status: row.status as SignInUser['status'] } : null;
}
