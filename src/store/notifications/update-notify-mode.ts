import type { Queryable } from '../store.js';

/**
 * Saves a user's email preference. Turning emails on (from 'off') starts from now: the change cursor
 * moves to the newest record change and notified_at to now, in the same statement.
 */
export async function updateNotifyMode(q: Queryable, userId: number, mode: string, now: number): Promise<void> {
  await q
    .updateTable('portal_users')
    .set((eb) => ({
      notify_mode: mode,
      notify_after_change_id: eb
        .case()
        .when('notify_mode', '=', 'off')
        .then(eb.selectFrom('record_changes').select((s) => s.fn.coalesce(s.fn.max('id'), s.lit(0)).as('id')))
        .else(eb.ref('notify_after_change_id'))
        .end(),
      notified_at: eb.case().when('notify_mode', '=', 'off').then(now).else(eb.ref('notified_at')).end(),
    }))
    .where('id', '=', userId)
    .execute();
}
