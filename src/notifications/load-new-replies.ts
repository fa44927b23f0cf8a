import type { Db } from '../db/open-database.js';
import type { ActivityEntry } from '../activity/load-activity.js';

/**
 * The team's replies in a client's project conversations after one message id and up to another,
 * newest first, as digest entries ("New message from … on …"; the words stay in the portal). The
 * client's own messages (posted through the portal) are never news to them.
 */
export function loadNewReplies(db: Db, clientId: number, afterMessageId: number, throughMessageId: number, limit = 25): ActivityEntry[] {
  if (afterMessageId >= throughMessageId) return [];
  const rows = db
    .prepare(
      `SELECT m.id, m.author_name, m.source_created_at, m.project_record_id, p.provider, json_extract(p.data, '$.name') AS project_name
       FROM conversation_messages m JOIN records p ON p.id = m.project_record_id
       WHERE p.client_id = ? AND p.deleted = 0 AND m.portal_action_id IS NULL AND m.id > ? AND m.id <= ?
       ORDER BY m.id DESC LIMIT ?`,
    )
    .all(clientId, afterMessageId, throughMessageId, limit) as { id: number; author_name: string; source_created_at: number; project_record_id: number; provider: string; project_name: string | null }[];
  return rows.map((row) => ({
    changeId: 0,
    at: row.source_created_at,
    kind: 'project',
    provider: row.provider,
    sentence: `New message from ${row.author_name} on ${row.project_name ?? 'your project'}`,
    href: `/messages/${row.project_record_id}`,
    // The reply's own time in Asana.
    happenedAt: new Date(row.source_created_at).toISOString(),
  }));
}
