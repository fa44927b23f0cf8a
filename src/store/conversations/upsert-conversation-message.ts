import type { Queryable } from '../store.js';

export interface ConversationMessageInput {
  workspaceId: number;
  connectionId: number;
  projectRecordId: number;
  externalId: string;
  authorName: string;
  body: string;
  sourceCreatedAt: number;
  portalActionId: number | null;
}

/**
 * Caches one message of a conversation (a provider comment): a new one is added (its id follows
 * the thread when called in the provider's order); one already cached (same connection and provider
 * id) keeps its id and takes the new text, author and project.
 */
export async function upsertConversationMessage(q: Queryable, message: ConversationMessageInput, now = Date.now()): Promise<void> {
  await q
    .insertInto('conversation_messages')
    .values({
      workspace_id: message.workspaceId,
      connection_id: message.connectionId,
      project_record_id: message.projectRecordId,
      external_id: message.externalId,
      author_name: message.authorName,
      body: message.body,
      source_created_at: message.sourceCreatedAt,
      portal_action_id: message.portalActionId,
      seen_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'external_id']).doUpdateSet((eb) => ({
        body: eb.ref('excluded.body'),
        author_name: eb.ref('excluded.author_name'),
        project_record_id: eb.ref('excluded.project_record_id'),
      })),
    )
    .execute();
}
