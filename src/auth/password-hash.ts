/**
 * Password hashing with argon2id (RFC 9106) from @noble/hashes, at OWASP's recommended minimum
 * (19 MiB memory, 2 passes, 1 lane). The stored form is the PHC string
 * `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, so every hash carries its own parameters: raising
 * them later leaves old hashes verifiable, and needsRehash() says when to upgrade one at sign-in.
 */
import { argon2idAsync } from '@noble/hashes/argon2.js';
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

async function derive(password: string, salt: Uint8Array, params: Argon2Params): Promise<Uint8Array> {
  // The async variant yields to the event loop every few milliseconds: one sign-in never stalls the server.
  return argon2idAsync(password.normalize('NFKC'), salt, { ...params, dkLen: HASH_BYTES, asyncTick: 10 });
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
  const derived = Buffer.from(await derive(password, parsed.salt, parsed.params).then((h) => h.slice(0, parsed.hash.length)));
  return derived.length === parsed.hash.length && timingSafeEqual(derived, parsed.hash);
}

/** A hash made with weaker parameters than today's: re-hash it when the user next signs in with it. */
export function needsRehash(encoded: string, params: Argon2Params = PASSWORD_PARAMS): boolean {
  const parsed = parsePasswordHash(encoded);
  return !parsed || parsed.params.m < params.m || parsed.params.t < params.t || parsed.params.p < params.p;
}

let dummy: Promise<string> | undefined;
/**
 * A hash of nothing anyone knows, verified against when the email is unknown or has no password,
 * so those answers take as long as a wrong password for a real account.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString('base64'));
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
