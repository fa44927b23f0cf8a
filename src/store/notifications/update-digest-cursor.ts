import type { Queryable } from '../store.js';

/**
 * Moves a user's digest cursors forward, only if they are still where the caller read them (and the
 * mode unchanged): compare-and-set, so two workers never send the same news twice. notifiedAt, when
 * given, records that an email goes out. Returns whether this call moved them.
 */
export async function updateDigestCursor(
  q: Queryable,
  user: { userId: number; mode: string; afterChangeId: number; afterMessageId: number },
  through: { changeId: number; messageId: number; notifiedAt?: number },
): Promise<boolean> {
  const result = await q
    .updateTable('portal_users')
    .set({
      notify_after_change_id: through.changeId,
      notify_after_message_id: through.messageId,
      ...(through.notifiedAt !== undefined ? { notified_at: through.notifiedAt } : {}),
    })
    .where('id', '=', user.userId)
    .where('notify_after_change_id', '=', user.afterChangeId)
    .where('notify_after_message_id', '=', user.afterMessageId)
    .where('notify_mode', '=', user.mode)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
