/**
 * Password hashing with argon2id (RFC 9106), at OWASP's recommended minimum (19 MiB memory, 2
 * passes, 1 lane). The stored form is the PHC string `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`,
 * so every hash carries its own parameters: raising them later leaves old hashes verifiable, and
 * needsRehash() says when to upgrade one at sign-in.
 *
 * The work runs in native code (@node-rs/argon2) on libuv's thread pool, not in JavaScript on the
 * event loop, and at most HASH_CONCURRENCY hashes run at once: each holds 19 MiB for its duration,
 * so a burst of sign-ins must queue, not multiply memory (60 at once once took RSS past 1.3 GB).
 * Past HASH_QUEUE_LIMIT waiting, a hash is refused with PasswordHashBusyError (503 + Retry-After).
 * The output is byte-for-byte the RFC 9106 argon2id that hashes stored by earlier versions hold.
 */
import { hashRaw } from '@node-rs/argon2';
import pLimit from 'p-limit';
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface Argon2Params {
  /** Memory in KiB. */
  m: number;
  /** Passes. */
  t: number;
  /** Lanes. */
  p: number;
}

export const PASSWORD_PARAMS: Argon2Params = { m: 19_456, t: 2, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Inputs beyond this are refused before hashing: a megabyte "password" is a denial-of-service attempt. */
export const MAX_PASSWORD_LENGTH = 128;
/** OWASP ASVS 5.0 §6.2.1 asks for at least 8; we ask 12, since many users will have no second factor. */
export const MIN_PASSWORD_LENGTH = 12;

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

/** Hashes computed at once: two cores' worth, leaving libuv's other pool threads (4 by default) to file and DNS work. */
export const HASH_CONCURRENCY = 2;
/** Hashes that may wait for a slot (a few seconds' worth); a longer queue would only hold answers back. */
export const HASH_QUEUE_LIMIT = 32;
/** What a refused request is told to wait: long enough for the queue to drain. */
export const HASH_BUSY_RETRY_AFTER_SECONDS = 5;

const slots = pLimit(HASH_CONCURRENCY);

/** Too many password hashes waiting already: the request was not evaluated; answer 503 with Retry-After. */
export class PasswordHashBusyError extends Error {
  readonly retryAfterSeconds = HASH_BUSY_RETRY_AFTER_SECONDS;
  constructor() {
    super('password hashing is busy');
  }
}

/** How many hashes are running and waiting now (for tests and the busy check). */
export function passwordHashLoad(): { active: number; pending: number } {
  return { active: slots.activeCount, pending: slots.pendingCount };
}

let derivations = 0;

/** How many argon2id derivations this process has started: what proves every answer paid for one, without timing it. */
export function passwordDerivations(): number {
  return derivations;
}

async function derive(password: string, salt: Uint8Array, params: Argon2Params): Promise<Buffer> {
  if (slots.activeCount + slots.pendingCount >= HASH_CONCURRENCY + HASH_QUEUE_LIMIT) throw new PasswordHashBusyError();
  derivations++;
  return slots(() => hashRaw(password.normalize('NFKC'), { salt, memoryCost: params.m, timeCost: params.t, parallelism: params.p, outputLen: HASH_BYTES }));
}

export async function hashPassword(password: string, params: Argon2Params = PASSWORD_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params);
  return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

export function parsePasswordHash(encoded: string): { params: Argon2Params; salt: Buffer; hash: Buffer } | null {
  const match = PHC.exec(encoded);
  if (!match) return null;
  return {
    params: { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) },
    salt: Buffer.from(match[4]!, 'base64'),
    hash: Buffer.from(match[5]!, 'base64'),
  };
}

/** Whether the password matches the stored hash, compared in constant time. An unreadable hash never matches. */
export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  const parsed = parsePasswordHash(encoded);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
  const derived = (await derive(password, parsed.salt, parsed.params)).subarray(0, parsed.hash.length);
  return derived.length === parsed.hash.length && timingSafeEqual(derived, parsed.hash);
}

/** A hash made with weaker parameters than today's: re-hash it when the user next signs in with it. */
export function needsRehash(encoded: string, params: Argon2Params = PASSWORD_PARAMS): boolean {
  const parsed = parsePasswordHash(encoded);
  return !parsed || parsed.params.m < params.m || parsed.params.t < params.t || parsed.params.p < params.p;
}

let dummy: string | undefined;
/**
 * A hash of nothing anyone knows (random salt, random output: no password derives it), verified
 * against when the email is unknown or has no password, so those answers take as long as a wrong
 * password for a real account. Made without hashing, so it never waits for a hashing slot itself.
 */
export function dummyPasswordHash(): string {
  const { m, t, p } = PASSWORD_PARAMS;
  dummy ??= `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(randomBytes(SALT_BYTES))}$${b64(randomBytes(HASH_BYTES))}`;
  return dummy;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'mismatch' | 'contains_email' | 'common';

/** A few of the most used passwords (and their shapes) that pass a length rule. */
const COMMON = ['password', '123456', 'qwerty', 'letmein', 'welcome', 'iloveyou', 'admin', 'abc123', 'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'passw0rd', 'trustno1', 'changeme'];

/** ASVS 5.0 §6.2: length, not composition rules; no password built on the account's own email or a common word repeated. */
export function checkNewPassword(password: string, confirmation: string, email: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (password !== confirmation) return 'mismatch';
  const lower = password.toLowerCase();
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'contains_email';
  const stripped = lower.replace(/[^a-z0-9]/g, '').replace(/\d+$/, '');
  if (COMMON.some((word) => stripped === word || stripped.replace(new RegExp(word, 'g'), '') === '')) return 'common';
  if (new Set(lower).size <= 3) return 'common';
  return null;
}
