import type { Queryable } from '../store.js';

/** Starts (or restarts) an unconfirmed enrolment with a new sealed secret. */
export async function upsertTotpEnrolment(q: Queryable, userId: number, secretSealed: string, now: number): Promise<void> {
  await q
    .insertInto('portal_user_totp')
    .values({ user_id: userId, secret_sealed: secretSealed, created_at: now })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        secret_sealed: eb.ref('excluded.secret_sealed'),
        created_at: eb.ref('excluded.created_at'),
        confirmed_at: null,
        last_time_step: null,
      })),
    )
    .execute();
}
