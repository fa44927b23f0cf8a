/**
 * Throttling of sign-in, sign-in-link requests and second-factor attempts, per account and per IP,
 * in the rate_windows table (fixed windows, like the providers' request budgets in
 * src/sync/pace-requests.ts) so every process on this data directory shares the counts.
 *
 * Account keys are a keyed hash of the email as typed, not a user id: an unknown address is counted
 * and locked exactly like a known one, so throttling never tells whether an account exists.
 */
import type { Db } from '../db/open-database.js';
import { hashToken } from '../crypto/tokens.js';

export interface AttemptRule {
  /** Attempts allowed in one window; the next one is refused until the window ends. */
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;

/** OWASP ASVS 5.0 §6.3.1: per-account and per-address limits against credential stuffing and brute force. */
export const ATTEMPT_RULES = {
  /** Wrong passwords for one email address. */
  passwordAccount: { limit: 5, windowMs: 15 * MINUTE },
  /** Wrong passwords from one IP address, whatever the email (spraying). */
  passwordIp: { limit: 30, windowMs: 15 * MINUTE },
  /** Sign-in links requested for one email address (each one is a message to that mailbox). */
  linkAccount: { limit: 3, windowMs: 15 * MINUTE },
  linkIp: { limit: 20, windowMs: 15 * MINUTE },
  /** Wrong TOTP or recovery codes for one user: 5 guesses of a 6-digit code leave 1 in 200 000. */
  secondFactorUser: { limit: 5, windowMs: 15 * MINUTE },
  secondFactorIp: { limit: 30, windowMs: 15 * MINUTE },
  /** Staff console sign-in links: the portal's limits (each request is a message to a staff mailbox). */
  staffLinkAccount: { limit: 3, windowMs: 15 * MINUTE },
  staffLinkIp: { limit: 20, windowMs: 15 * MINUTE },
  /**
   * Invitations (and re-sends) one client admin sends: each is an email in the business's name to
   * any address, and each answer could probe addresses; a team is rarely onboarded faster than this.
   */
  invitationsAdmin: { limit: 10, windowMs: 60 * MINUTE },
  /**
   * Requests, replies and messages one portal user sends (issue 16): each becomes a ticket, case or
   * comment in the business's own tools, so a runaway script must not flood them.
   */
  portalActionsUser: { limit: 20, windowMs: 60 * MINUTE },
  /** Emails typed to confirm a link opened in another browser. */
  linkConfirmIp: { limit: 20, windowMs: 15 * MINUTE },
  /** Webhook deliveries rejected from one address (forged, unsigned, oversized): each is stored, so each costs disk. */
  webhookRejectedIp: { limit: 20, windowMs: 15 * MINUTE },
} as const satisfies Record<string, AttemptRule>;

export type AttemptRuleName = keyof typeof ATTEMPT_RULES;

export interface AttemptKey {
  rule: AttemptRuleName;
  /** The account (email, user id) or IP address the rule counts for. */
  subject: string;
}

export function storageKey(signingKey: Buffer, key: AttemptKey): string {
  // Emails and addresses are hashed: the table is about counts, not about who.
  return `auth:${key.rule}:${hashToken(signingKey, key.subject.toLowerCase())}`;
}

export function windowStart(rule: AttemptRule, now: number): number {
  return now - (now % rule.windowMs);
}

export type Reservation = { ok: true; exhausted: AttemptKey[] } | { ok: false; retryAfterMs: number };

const REFUSED = Symbol('attempt refused');

/**
 * Reserves one attempt against every key, before the attempt is evaluated: a burst of concurrent
 * guesses cannot all pass a check made before a slow hash and counted after it. Each key is one
 * conditional upsert (counted only while under its limit, or in a new window), so two processes, or
 * two PostgreSQL sessions, can never both take the last attempt. All keys or none: when one is used
 * up the others are not counted either. On success, `exhausted` lists the keys this attempt used up
 * (it was the last one allowed): the caller writes one lockout audit row for each if it fails.
 */
export function reserveAttempt(db: Db, signingKey: Buffer, keys: AttemptKey[], now: number): Reservation {
  const exhausted: AttemptKey[] = [];
  let wait = 0;
  const reserve = db.prepare(
    `INSERT INTO rate_windows (key, window_start, used) VALUES (?, ?, 1)
     ON CONFLICT (key) DO UPDATE SET
       used = CASE WHEN rate_windows.window_start = excluded.window_start THEN rate_windows.used + 1 ELSE 1 END,
       window_start = excluded.window_start
     WHERE rate_windows.window_start != excluded.window_start OR rate_windows.used < ?
     RETURNING used`,
  );
  try {
    db.transaction(() => {
      for (const key of keys) {
        const rule = ATTEMPT_RULES[key.rule];
        const start = windowStart(rule, now);
        const row = reserve.get(storageKey(signingKey, key), start, rule.limit) as { used: number } | undefined;
        if (!row) wait = Math.max(wait, start + rule.windowMs - now);
        else if (row.used === rule.limit) exhausted.push(key);
      }
      if (wait > 0) throw REFUSED;
    }).immediate();
  } catch (error) {
    if (error !== REFUSED) throw error;
    return { ok: false, retryAfterMs: wait };
  }
  return { ok: true, exhausted };
}

/**
 * Gives back an attempt reserved for something that turned out not to count: a right answer (the
 * limits count wrong ones), or a request turned away before it was evaluated (hashing busy).
 */
export function releaseAttempt(db: Db, signingKey: Buffer, keys: AttemptKey[], now: number): void {
  for (const key of keys) {
    db.prepare('UPDATE rate_windows SET used = used - 1 WHERE key = ? AND window_start = ? AND used > 0').run(storageKey(signingKey, key), windowStart(ATTEMPT_RULES[key.rule], now));
  }
}

/** Clears an account's failures after it signs in correctly (the IP's count stays). */
export function clearAttempts(db: Db, signingKey: Buffer, keys: AttemptKey[]): void {
  for (const key of keys) db.prepare('DELETE FROM rate_windows WHERE key = ?').run(storageKey(signingKey, key));
}
