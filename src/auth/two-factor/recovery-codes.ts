/**
 * Recovery codes: ten single-use codes shown once at enrolment, for when the phone is lost.
 * Each has 50 random bits (10 characters of a 32-letter alphabet without look-alikes); only a keyed
 * hash is stored, and using one is a conditional UPDATE, so a code works exactly once.
 */
import { randomInt } from 'node:crypto';
import type { Queryable } from '../../store/store.js';
import { replaceRecoveryCodes } from '../../store/auth/replace-recovery-codes.js';
import { useRecoveryCode as markRecoveryCodeUsed } from '../../store/auth/use-recovery-code.js';
import { hashToken } from '../../crypto/tokens.js';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** What a person types, made comparable: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Replaces the user's codes with ten new ones and returns them (the only time they are readable). */
export async function issueRecoveryCodes(q: Queryable, signingKey: Buffer, userId: number, now: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await replaceRecoveryCodes(q, userId, codes.map((code) => hashToken(signingKey, `recovery:${normalizeRecoveryCode(code)}`)), now);
  return codes;
}

/** Uses a code up; false when it is wrong or already used. */
export async function useRecoveryCode(q: Queryable, signingKey: Buffer, userId: number, input: string, now: number): Promise<boolean> {
  const code = normalizeRecoveryCode(input);
  if (!/^[A-Z0-9]{10}$/.test(code)) return false;
  return markRecoveryCodeUsed(q, userId, hashToken(signingKey, `recovery:${code}`), now);
}

export { countUnusedRecoveryCodes } from '../../store/auth/count-unused-recovery-codes.js';
