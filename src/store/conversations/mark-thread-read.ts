import type { Queryable } from '../store.js';

/** The user has seen the thread up to its newest message; the read mark never moves back. */
export async function markThreadRead(q: Queryable, portalUserId: number, projectRecordId: number, now = Date.now()): Promise<void> {
  const newest = await q.selectFrom('conversation_messages').select((eb) => eb.fn.max('id').as('id')).where('project_record_id', '=', projectRecordId).executeTakeFirst();
  const last = newest?.id;
  if (last == null) return;
  await q
    .insertInto('conversation_reads')
    .values({ portal_user_id: portalUserId, project_record_id: projectRecordId, last_read_message_id: Number(last), read_at: now })
    .onConflict((oc) =>
      oc.columns(['portal_user_id', 'project_record_id']).doUpdateSet((eb) => ({
        last_read_message_id: eb
          .case()
          .when('conversation_reads.last_read_message_id', '>', eb.ref('excluded.last_read_message_id'))
          .then(eb.ref('conversation_reads.last_read_message_id'))
          .else(eb.ref('excluded.last_read_message_id'))
          .end(),
        read_at: eb.ref('excluded.read_at'),
      })),
    )
    .execute();
}
