/**
 * Throttling of sign-in, sign-in-link requests and second-factor attempts, per account and per IP,
 * in the rate_windows table (fixed windows, like the providers' request budgets in
 * src/sync/pace-requests.ts) so every process on this store (every machine, on PostgreSQL) shares the counts.
 *
 * Account keys are a keyed hash of the email as typed, not a user id: an unknown address is counted
 * and locked exactly like a known one, so throttling never tells whether an account exists.
 */
import type { Transaction } from 'kysely';
import { hashToken } from '../crypto/tokens.js';
import type { DB } from '../store/schema.js';
import type { Queryable, Store } from '../store/store.js';
import { reserveRateWindow } from '../store/auth/reserve-rate-window.js';
import { releaseRateWindow } from '../store/auth/release-rate-window.js';
import { deleteRateWindow } from '../store/auth/delete-rate-window.js';

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

class Refused extends Error {
  constructor(readonly retryAfterMs: number) {
    super('attempt refused');
  }
}

/**
 * Reserves one attempt against every key, before the attempt is evaluated: a burst of concurrent
 * guesses cannot all pass a check made before a slow hash and counted after it. Each key is one
 * conditional upsert (counted only while under its limit, or in a new window), so two processes, or
 * two PostgreSQL sessions, can never both take the last attempt. All keys or none: when one is used
 * up the others are not counted either (one transaction, rolled back). On success, `exhausted` lists
 * the keys this attempt used up (it was the last one allowed): the caller writes one lockout audit
 * row for each if it fails. Pass the caller's transaction as `q` to count inside it.
 */
export async function reserveAttempt(q: Store | Transaction<DB>, signingKey: Buffer, keys: AttemptKey[], now: number): Promise<Reservation> {
  const reserveAll = async (tx: Queryable, giveBackOnRefusal: boolean): Promise<AttemptKey[]> => {
    const exhausted: AttemptKey[] = [];
    const counted: { key: string; start: number }[] = [];
    let wait = 0;
    for (const key of keys) {
      const rule = ATTEMPT_RULES[key.rule];
      const start = windowStart(rule, now);
      const stored = storageKey(signingKey, key);
      const used = await reserveRateWindow(tx, stored, start, rule.limit);
      if (used === null) wait = Math.max(wait, start + rule.windowMs - now);
      else {
        counted.push({ key: stored, start });
        if (used === rule.limit) exhausted.push(key);
      }
    }
    if (wait > 0) {
      // Inside the caller's transaction nothing is rolled back for us: give the counted ones back.
      if (giveBackOnRefusal) for (const c of counted) await releaseRateWindow(tx, c.key, c.start);
      throw new Refused(wait);
    }
    return exhausted;
  };
  try {
    const exhausted = isStore(q) ? await q.transaction((tx) => reserveAll(tx, false)) : await reserveAll(q, true);
    return { ok: true, exhausted };
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return { ok: false, retryAfterMs: error.retryAfterMs };
  }
}

function isStore(q: Store | Transaction<DB>): q is Store {
  return 'engine' in q;
}

/**
 * Gives back an attempt reserved for something that turned out not to count: a right answer (the
 * limits count wrong ones), or a request turned away before it was evaluated (hashing busy).
 */
export async function releaseAttempt(q: Queryable, signingKey: Buffer, keys: AttemptKey[], now: number): Promise<void> {
  for (const key of keys) await releaseRateWindow(q, storageKey(signingKey, key), windowStart(ATTEMPT_RULES[key.rule], now));
}

/** Clears an account's failures after it signs in correctly (the IP's count stays). */
export async function clearAttempts(q: Queryable, signingKey: Buffer, keys: AttemptKey[]): Promise<void> {
  for (const key of keys) await deleteRateWindow(q, storageKey(signingKey, key));
}
