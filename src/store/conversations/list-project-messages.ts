import type { Queryable } from '../store.js';
import type { ConversationMessage } from '../../conversations/conversation-repository.js';

/** One project's cached thread, oldest first. Callers pass a project they found through the client's scope. */
export async function listProjectMessages(q: Queryable, projectRecordId: number): Promise<ConversationMessage[]> {
  const rows = await q
    .selectFrom('conversation_messages')
    .select(['id', 'project_record_id', 'external_id', 'author_name', 'body', 'source_created_at', 'portal_action_id'])
    .where('project_record_id', '=', projectRecordId)
    .orderBy('source_created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    projectRecordId: row.project_record_id,
    externalId: row.external_id,
    authorName: row.author_name,
    body: row.body,
    createdAt: row.source_created_at,
    portalActionId: row.portal_action_id,
  }));
}
