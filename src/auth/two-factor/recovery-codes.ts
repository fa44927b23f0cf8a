/**
 * Recovery codes: ten single-use codes shown once at enrolment, for when the phone is lost.
 * Each has 50 random bits (10 characters of a 32-letter alphabet without look-alikes); only a keyed
 * hash is stored, and using one is a conditional UPDATE, so a code works exactly once.
 */
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/open-database.js';
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
export function issueRecoveryCodes(db: Db, signingKey: Buffer, userId: number, now: number): string[] {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
  const insert = db.prepare('INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)');
  for (const code of codes) insert.run(userId, hashToken(signingKey, `recovery:${normalizeRecoveryCode(code)}`), now);
  return codes;
}

/** Uses a code up; false when it is wrong or already used. */
export function useRecoveryCode(db: Db, signingKey: Buffer, userId: number, input: string, now: number): boolean {
  const code = normalizeRecoveryCode(input);
  if (!/^[A-Z0-9]{10}$/.test(code)) return false;
  return (
    db
      .prepare('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL')
      .run(now, userId, hashToken(signingKey, `recovery:${code}`)).changes === 1
  );
}

export function countUnusedRecoveryCodes(db: Db, userId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL').get(userId) as { n: number }).n;
}
