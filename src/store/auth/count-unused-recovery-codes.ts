import type { Queryable } from '../store.js';

export async function countUnusedRecoveryCodes(q: Queryable, userId: number): Promise<number> {
  const row = await q
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
