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

function storageKey(signingKey: Buffer, key: AttemptKey): string {
  // Emails and addresses are hashed: the table is about counts, not about who.
  return `auth:${key.rule}:${hashToken(signingKey, key.subject.toLowerCase())}`;
}

function windowStart(rule: AttemptRule, now: number): number {
  return now - (now % rule.windowMs);
}

/** 0 when every key may try now, otherwise how long until the longest-locked one may try again. */
export function lockedFor(db: Db, signingKey: Buffer, keys: AttemptKey[], now: number): number {
  let wait = 0;
  for (const key of keys) {
    const rule = ATTEMPT_RULES[key.rule];
    const start = windowStart(rule, now);
    const row = db.prepare('SELECT used FROM rate_windows WHERE key = ? AND window_start = ?').get(storageKey(signingKey, key), start) as { used: number } | undefined;
    if (row && row.used >= rule.limit) wait = Math.max(wait, start + rule.windowMs - now);
  }
  return wait;
}

/**
 * Counts one attempt against each key. Returns the keys that this attempt used up (it was the last
 * one allowed): the caller writes one lockout audit row for each.
 */
export function countAttempt(db: Db, signingKey: Buffer, keys: AttemptKey[], now: number): AttemptKey[] {
  const exhausted: AttemptKey[] = [];
  for (const key of keys) {
    const rule = ATTEMPT_RULES[key.rule];
    const row = db
      .prepare(
        `INSERT INTO rate_windows (key, window_start, used) VALUES (?, ?, 1)
         ON CONFLICT (key) DO UPDATE SET
           used = CASE WHEN rate_windows.window_start = excluded.window_start THEN rate_windows.used + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING used`,
      )
      .get(storageKey(signingKey, key), windowStart(rule, now)) as { used: number };
    if (row.used === rule.limit) exhausted.push(key);
  }
  return exhausted;
}

/** Clears an account's failures after it signs in correctly (the IP's count stays). */
export function clearAttempts(db: Db, signingKey: Buffer, keys: AttemptKey[]): void {
  for (const key of keys) db.prepare('DELETE FROM rate_windows WHERE key = ?').run(storageKey(signingKey, key));
}
