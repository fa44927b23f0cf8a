import type { Queryable } from '../store/store.js';
import type { ActivityEntry } from '../activity/load-activity.js';
import { listClientNewReplies } from '../store/conversations/list-client-new-replies.js';

/**
 * The team's replies in a client's project conversations after one message id and up to another,
 * newest first, as digest entries ("New message from … on …"; the words stay in the portal). The
 * client's own messages (posted through the portal) are never news to them.
 */
export async function loadNewReplies(q: Queryable, clientId: number, afterMessageId: number, throughMessageId: number, limit = 25): Promise<ActivityEntry[]> {
  if (afterMessageId >= throughMessageId) return [];
  const rows = await listClientNewReplies(q, clientId, afterMessageId, throughMessageId, limit);
  return rows.map((row) => {
    const projectName = (JSON.parse(row.projectData) as { name?: unknown }).name;
    return {
      changeId: 0,
      at: row.sourceCreatedAt,
      kind: 'project',
      provider: row.provider,
      sentence: `New message from ${row.authorName} on ${typeof projectName === 'string' ? projectName : 'your project'}`,
      href: `/messages/${row.projectRecordId}`,
      // The reply's own time in Asana.
      happenedAt: new Date(row.sourceCreatedAt).toISOString(),
    };
  });
}
