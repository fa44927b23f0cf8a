/**
 * TOTP two-factor (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator app reads)
 * with otplib. The secret is sealed at rest with the keyring (AES-256-GCM); enrolment stays
 * unconfirmed until the user proves their app has it by giving a correct code.
 */
import { generateSecret, generateURI, verifySync } from 'otplib';
import type { Db } from '../../db/open-database.js';
import type { Keyring } from '../../crypto/secret-box.js';

/** One step either side: phones whose clocks drift by up to 30 s still work. */
const TOLERANCE_SECONDS = 30;

interface TotpRow {
  secretSealed: string;
  confirmedAt: number | null;
  lastTimeStep: number | null;
}

function readTotp(db: Db, userId: number): TotpRow | undefined {
  return db
    .prepare('SELECT secret_sealed AS secretSealed, confirmed_at AS confirmedAt, last_time_step AS lastTimeStep FROM portal_user_totp WHERE user_id = ?')
    .get(userId) as TotpRow | undefined;
}

export function hasTwoFactor(db: Db, userId: number): boolean {
  return readTotp(db, userId)?.confirmedAt != null;
}

/**
 * Starts (or restarts) enrolment with a new 160-bit secret and returns it with the otpauth:// URI
 * for the QR code. A confirmed enrolment is never replaced here: it must be turned off first.
 */
export function startTotpEnrolment(db: Db, keyring: Keyring, userId: number, account: { issuer: string; label: string }, now: number): { secret: string; uri: string } | null {
  const existing = readTotp(db, userId);
  if (existing?.confirmedAt != null) return null;
  const secret = generateSecret({ length: 20 });
  db.prepare(
    `INSERT INTO portal_user_totp (user_id, secret_sealed, created_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, created_at = excluded.created_at, confirmed_at = NULL, last_time_step = NULL`,
  ).run(userId, keyring.seal(secret), now);
  return { secret, uri: generateURI({ issuer: account.issuer, label: account.label, secret }) };
}

/** The secret and URI of an enrolment still waiting for its first code (to show the QR again after a typo). */
export function pendingTotpEnrolment(db: Db, keyring: Keyring, userId: number, account: { issuer: string; label: string }): { secret: string; uri: string } | null {
  const row = readTotp(db, userId);
  if (!row || row.confirmedAt != null) return null;
  const secret = keyring.open(row.secretSealed);
  return { secret, uri: generateURI({ issuer: account.issuer, label: account.label, secret }) };
}

/**
 * Checks a code against the user's secret (confirmed or, with `pending`, the one being enrolled).
 * A code's time step must be later than the last one accepted, so an observed code cannot be replayed
 * even within its 30 seconds. The accepted step is recorded in the same statement that checks it.
 */
export function verifyTotpCode(db: Db, keyring: Keyring, userId: number, code: string, now: number, options: { pending?: boolean } = {}): boolean {
  const row = readTotp(db, userId);
  if (!row || (row.confirmedAt == null) !== Boolean(options.pending)) return false;
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const result = verifySync({
    secret: keyring.open(row.secretSealed),
    token,
    epoch: Math.floor(now / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(row.lastTimeStep != null ? { afterTimeStep: row.lastTimeStep } : {}),
  });
  // The TOTP strategy reports the matched step (HOTP's result type, in the same union, does not).
  if (!result.valid || !('timeStep' in result)) return false;
  const recorded = db
    .prepare('UPDATE portal_user_totp SET last_time_step = ? WHERE user_id = ? AND (last_time_step IS NULL OR last_time_step < ?)')
    .run(result.timeStep, userId, result.timeStep).changes;
  return recorded === 1;
}

export function confirmTotpEnrolment(db: Db, userId: number, now: number): void {
  db.prepare('UPDATE portal_user_totp SET confirmed_at = ? WHERE user_id = ? AND confirmed_at IS NULL').run(now, userId);
}

export function removeTwoFactor(db: Db, userId: number): void {
  db.prepare('DELETE FROM portal_user_totp WHERE user_id = ?').run(userId);
  db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
}
