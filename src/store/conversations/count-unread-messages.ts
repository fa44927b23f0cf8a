import type { Queryable } from '../store.js';

/**
 * Unread per project for one portal user: the team's replies (never the client's own messages)
 * after the last one this user read. Projects with none are absent.
 */
export async function countUnreadMessages(q: Queryable, portalUserId: number, projectRecordIds: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (projectRecordIds.length === 0) return counts;
  const rows = await q
    .selectFrom('conversation_messages as m')
    .leftJoin('conversation_reads as r', (join) => join.onRef('r.project_record_id', '=', 'm.project_record_id').on('r.portal_user_id', '=', portalUserId))
    .select((eb) => ['m.project_record_id as project', eb.fn.countAll().as('n')])
    .where('m.project_record_id', 'in', projectRecordIds)
    .where('m.portal_action_id', 'is', null)
    .where((eb) => eb('m.id', '>', eb.fn.coalesce('r.last_read_message_id', eb.val(0))))
    .groupBy('m.project_record_id')
    .execute();
  for (const row of rows) counts.set(row.project, Number(row.n));
  return counts;
}
