import type { Queryable } from '../store/store.js';
import type { ConversationComment } from '../connector-kit/connector.js';
import { listProjectMessageIds } from '../store/conversations/list-project-message-ids.js';
import { upsertConversationMessage } from '../store/conversations/upsert-conversation-message.js';
import { deleteConversationMessages } from '../store/conversations/delete-conversation-messages.js';

export interface ConversationMessage {
  id: number;
  projectRecordId: number;
  externalId: string;
  authorName: string;
  body: string;
  createdAt: number;
  portalActionId: number | null;
}

/**
 * Makes the cached thread of one project match the provider's: new comments added (in the
 * provider's order, so ids follow the thread), edited ones updated, deleted ones removed.
 * Returns how many are new. Run it in one transaction (`q`).
 */
export async function replaceProjectMessages(
  q: Queryable,
  project: { workspaceId: number; connectionId: number; recordId: number },
  comments: (ConversationComment & { portalActionId: number | null })[],
  now = Date.now(),
): Promise<{ added: number; removed: number }> {
  const existing = await listProjectMessageIds(q, project.recordId);
  let added = 0;
  for (const comment of [...comments].sort((a, b) => a.createdAt - b.createdAt)) {
    if (!existing.has(comment.externalId)) added += 1;
    existing.delete(comment.externalId);
    await upsertConversationMessage(q, {
      workspaceId: project.workspaceId,
      connectionId: project.connectionId,
      projectRecordId: project.recordId,
      externalId: comment.externalId,
      authorName: comment.authorName,
      body: comment.text,
      sourceCreatedAt: comment.createdAt,
      portalActionId: comment.portalActionId,
    }, now);
  }
  await deleteConversationMessages(q, [...existing.values()]);
  return { added, removed: existing.size };
}
