import type { Queryable } from '../store.js';

/** Replaces a user's recovery codes with these (keyed hashes). */
export async function replaceRecoveryCodes(q: Queryable, userId: number, codeHashes: string[], now: number): Promise<void> {
  await q.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (codeHashes.length === 0) return;
  await q
    .insertInto('recovery_codes')
    .values(codeHashes.map((codeHash) => ({ user_id: userId, code_hash: codeHash, created_at: now })))
    .execute();
}
