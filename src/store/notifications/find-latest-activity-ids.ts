import type { Queryable } from '../store.js';

/** The newest record change and conversation message ids (0 when there are none): how far a digest reaches. */
export async function findLatestActivityIds(q: Queryable): Promise<{ changeId: number; messageId: number }> {
  const change = await q.selectFrom('record_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const message = await q.selectFrom('conversation_messages').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return { changeId: Number(change?.id ?? 0), messageId: Number(message?.id ?? 0) };
}
