import type { Queryable } from '../store.js';

/** Uses an unused code up in one conditional UPDATE; true when it was there and unused. */
export async function useRecoveryCode(q: Queryable, userId: number, codeHash: string, now: number): Promise<boolean> {
  const result = await q
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
