/**
 * TOTP two-factor (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator app reads)
 * with otplib. The secret is sealed at rest with the keyring (AES-256-GCM); enrolment stays
 * unconfirmed until the user proves their app has it by giving a correct code.
 */
import { generateSecret, generateURI, verifySync } from 'otplib';
import type { Queryable } from '../../store/store.js';
import { findTotp } from '../../store/auth/find-totp.js';
import { upsertTotpEnrolment } from '../../store/auth/upsert-totp-enrolment.js';
import { updateTotpTimeStep } from '../../store/auth/update-totp-time-step.js';
import { confirmTotp } from '../../store/auth/confirm-totp.js';
import { deleteTwoFactor } from '../../store/auth/delete-two-factor.js';
import type { Keyring } from '../../crypto/secret-box.js';

/** One step either side: phones whose clocks drift by up to 30 s still work. */
const TOLERANCE_SECONDS = 30;

export async function hasTwoFactor(q: Queryable, userId: number): Promise<boolean> {
  return (await findTotp(q, userId))?.confirmedAt != null;
}

/**
 * Starts (or restarts) enrolment with a new 160-bit secret and returns it with the otpauth:// URI
 * for the QR code. A confirmed enrolment is never replaced here: it must be turned off first.
 */
export async function startTotpEnrolment(q: Queryable, keyring: Keyring, userId: number, account: { issuer: string; label: string }, now: number): Promise<{ secret: string; uri: string } | null> {
  const existing = await findTotp(q, userId);
  if (existing?.confirmedAt != null) return null;
  const secret = generateSecret({ length: 20 });
  await upsertTotpEnrolment(q, userId, keyring.seal(secret), now);
  return { secret, uri: generateURI({ issuer: account.issuer, label: account.label, secret }) };
}

/** The secret and URI of an enrolment still waiting for its first code (to show the QR again after a typo). */
export async function pendingTotpEnrolment(q: Queryable, keyring: Keyring, userId: number, account: { issuer: string; label: string }): Promise<{ secret: string; uri: string } | null> {
  const row = await findTotp(q, userId);
  if (!row || row.confirmedAt != null) return null;
  const secret = keyring.open(row.secretSealed);
  return { secret, uri: generateURI({ issuer: account.issuer, label: account.label, secret }) };
}

/**
 * Checks a code against the user's secret (confirmed or, with `pending`, the one being enrolled).
 * A code's time step must be later than the last one accepted, so an observed code cannot be replayed
 * even within its 30 seconds. The accepted step is recorded in the same statement that checks it.
 */
export async function verifyTotpCode(q: Queryable, keyring: Keyring, userId: number, code: string, now: number, options: { pending?: boolean } = {}): Promise<boolean> {
  const row = await findTotp(q, userId);
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
  return updateTotpTimeStep(q, userId, result.timeStep);
}

export async function confirmTotpEnrolment(q: Queryable, userId: number, now: number): Promise<void> {
  await confirmTotp(q, userId, now);
}

export async function removeTwoFactor(q: Queryable, userId: number): Promise<void> {
  await deleteTwoFactor(q, userId);
}
