import type { Db } from '../db/open-database.js';
import type { ConversationComment } from '../connector-kit/connector.js';

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
 * Returns how many are new.
 */
export function replaceProjectMessages(
  db: Db,
  project: { workspaceId: number; connectionId: number; recordId: number },
  comments: (ConversationComment & { portalActionId: number | null })[],
  now = Date.now(),
): { added: number; removed: number } {
  const existing = new Map((db.prepare('SELECT id, external_id FROM conversation_messages WHERE project_record_id = ?').all(project.recordId) as { id: number; external_id: string }[]).map((row) => [row.external_id, row.id]));
  let added = 0;
  const insert = db.prepare(
    `INSERT INTO conversation_messages (workspace_id, connection_id, project_record_id, external_id, author_name, body, source_created_at, portal_action_id, seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, external_id) DO UPDATE SET body = excluded.body, author_name = excluded.author_name, project_record_id = excluded.project_record_id`,
  );
  for (const comment of [...comments].sort((a, b) => a.createdAt - b.createdAt)) {
    if (!existing.has(comment.externalId)) added += 1;
    existing.delete(comment.externalId);
    insert.run(project.workspaceId, project.connectionId, project.recordId, comment.externalId, comment.authorName, comment.text, comment.createdAt, comment.portalActionId, now);
  }
  const remove = db.prepare('DELETE FROM conversation_messages WHERE id = ?');
  for (const id of existing.values()) remove.run(id);
  return { added, removed: existing.size };
}
