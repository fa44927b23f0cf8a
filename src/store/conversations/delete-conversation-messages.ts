import type { Queryable } from '../store.js';

/** Removes cached messages by id (comments the provider no longer has). */
export async function deleteConversationMessages(q: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await q.deleteFrom('conversation_messages').where('id', 'in', [...ids]).execute();
}
