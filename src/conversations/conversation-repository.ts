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

interface MessageRow {
  id: number;
  project_record_id: number;
  external_id: string;
  author_name: string;
  body: string;
  source_created_at: number;
  portal_action_id: number | null;
}

const toMessage = (row: MessageRow): ConversationMessage => ({
  id: row.id,
  projectRecordId: row.project_record_id,
  externalId: row.external_id,
  authorName: row.author_name,
  body: row.body,
  createdAt: row.source_created_at,
  portalActionId: row.portal_action_id,
});

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

export function listProjectMessages(db: Db, projectRecordId: number): ConversationMessage[] {
  return (db.prepare('SELECT * FROM conversation_messages WHERE project_record_id = ? ORDER BY source_created_at, id').all(projectRecordId) as MessageRow[]).map(toMessage);
}

/**
 * Unread per project for one portal user: the team's replies (never the client's own messages)
 * after the last one this user read.
 */
export function countUnread(db: Db, portalUserId: number, projectRecordIds: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  if (projectRecordIds.length === 0) return counts;
  const placeholders = projectRecordIds.map(() => '?').join(',');
  const rows = db
    .prepare(
      `SELECT m.project_record_id AS project, COUNT(*) AS n FROM conversation_messages m
       LEFT JOIN conversation_reads r ON r.project_record_id = m.project_record_id AND r.portal_user_id = ?
       WHERE m.project_record_id IN (${placeholders}) AND m.portal_action_id IS NULL AND m.id > COALESCE(r.last_read_message_id, 0)
       GROUP BY m.project_record_id`,
    )
    .all(portalUserId, ...projectRecordIds) as { project: number; n: number }[];
  for (const row of rows) counts.set(row.project, row.n);
  return counts;
}

/** The user has seen the thread up to its newest message. */
export function markThreadRead(db: Db, portalUserId: number, projectRecordId: number, now = Date.now()): void {
  const last = (db.prepare('SELECT MAX(id) AS id FROM conversation_messages WHERE project_record_id = ?').get(projectRecordId) as { id: number | null }).id;
  if (last == null) return;
  db.prepare(
    `INSERT INTO conversation_reads (portal_user_id, project_record_id, last_read_message_id, read_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (portal_user_id, project_record_id) DO UPDATE SET last_read_message_id = MAX(last_read_message_id, excluded.last_read_message_id), read_at = excluded.read_at`,
  ).run(portalUserId, projectRecordId, last, now);
}
