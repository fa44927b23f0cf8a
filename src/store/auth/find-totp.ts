import type { Queryable } from '../store.js';

export interface TotpRow {
  secretSealed: string;
  confirmedAt: number | null;
  lastTimeStep: number | null;
}

export async function findTotp(q: Queryable, userId: number): Promise<TotpRow | null> {
  const row = await q
    .selectFrom('portal_user_totp')
    .select(['secret_sealed as secretSealed', 'confirmed_at as confirmedAt', 'last_time_step as lastTimeStep'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ?? null;
}
