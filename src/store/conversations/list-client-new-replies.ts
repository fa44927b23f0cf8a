import type { Queryable } from '../store.js';

export interface NewReplyRow {
  id: number;
  authorName: string;
  sourceCreatedAt: number;
  projectRecordId: number;
  provider: string;
  projectData: string;
}

/**
 * The team's messages (never the client's own, posted through the portal) in the conversations of one
 * client's live projects, with ids after one and up to another, newest first. Another client's are never returned.
 */
export async function listClientNewReplies(q: Queryable, clientId: number, afterMessageId: number, throughMessageId: number, limit: number): Promise<NewReplyRow[]> {
  return q
    .selectFrom('conversation_messages as m')
    .innerJoin('records as p', 'p.id', 'm.project_record_id')
    .select(['m.id', 'm.author_name as authorName', 'm.source_created_at as sourceCreatedAt', 'm.project_record_id as projectRecordId', 'p.provider', 'p.data as projectData'])
    .where('p.client_id', '=', clientId)
    .where('p.deleted', '=', 0)
    .where('m.portal_action_id', 'is', null)
    .where('m.id', '>', afterMessageId)
    .where('m.id', '<=', throughMessageId)
    .orderBy('m.id', 'desc')
    .limit(limit)
    .execute();
}
