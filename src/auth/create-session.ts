import type { Queryable } from '../store/store.js';
import { insertSession } from '../store/auth/insert-session.js';
import { hashToken, randomToken } from '../crypto/tokens.js';

/** A session ends after 30 minutes without a request (OWASP ASVS 5.0 §7.3: idle timeout)... */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;
/** ...and 12 hours after sign-in whatever happens, so a stolen cookie has a bounded life. */
export const SESSION_ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;

/**
 * A session still owing its second factor (or, where the workspace requires one, its enrolment) may
 * only finish signing in, and only for this long: the first factor does not stay half-used for hours.
 */
export const SESSION_SECOND_FACTOR_TIMEOUT_MS = 15 * 60_000;

/** Where a session stands on two-factor (see migration 005). Only not_required and verified open pages. */
export type MfaState = 'not_required' | 'pending' | 'enrol_required' | 'verified';

/** How the session's first factor was given, for the sessions page and the audit log. */
export type AuthMethod = 'invitation' | 'sign_in_link' | 'password';

export interface NewSession {
  /** The cookie value: 256 random bits. Only its keyed hash reaches the database. */
  sessionId: string;
  idHash: string;
  csrfToken: string;
  expiresAt: number;
}

/** The stored form of a session id: a database leak must not hand out live sessions. */
export function hashSessionId(signingKey: Buffer, sessionId: string): string {
  return hashToken(signingKey, sessionId);
}

/** Starts a server-side session for a portal user, with its own CSRF token. */
export async function createSession(
  q: Queryable,
  signingKey: Buffer,
  input: { userId: number; userAgent?: string | null; ip?: string | null; mfaState?: MfaState; authMethod?: AuthMethod },
  now = Date.now(),
): Promise<NewSession> {
  const sessionId = randomToken();
  const idHash = hashSessionId(signingKey, sessionId);
  const csrfToken = randomToken();
  const expiresAt = now + SESSION_ABSOLUTE_TIMEOUT_MS;
  await insertSession(q, {
    idHash,
    userId: input.userId,
    csrfToken,
    createdAt: now,
    expiresAt,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
    ip: input.ip ?? null,
    mfaState: input.mfaState ?? 'not_required',
    mfaVerifiedAt: input.mfaState === 'verified' ? now : null,
    authMethod: input.authMethod ?? null,
  });
  return { sessionId, idHash, csrfToken, expiresAt };
}
