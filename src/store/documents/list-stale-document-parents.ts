import type { Queryable } from '../store.js';
import type { DocumentListingCandidate } from './list-document-listing-candidates.js';

/**
 * Live client-owned records of a workspace, of the object types that carry files, whose files were
 * last listed before `listedBefore`: the oldest listings first, at most `limit` (index
 * records_documents_listed). Listing them again finds files added without the record changing.
 */
export async function listStaleDocumentParents(
  q: Queryable,
  workspaceId: number,
  parentObjectTypes: readonly string[],
  listedBefore: number,
  limit: number,
): Promise<DocumentListingCandidate[]> {
  if (parentObjectTypes.length === 0 || limit <= 0) return [];
  return q
    .selectFrom('records as r')
    .innerJoin('connections as c', 'c.id', 'r.connection_id')
    .select(['r.id', 'r.connection_id', 'c.provider', 'r.object_type'])
    .where('r.workspace_id', '=', workspaceId)
    .where('r.client_id', 'is not', null)
    .where('r.deleted', '=', 0)
    .where('r.documents_listed_at', 'is not', null)
    .where('r.documents_listed_at', '<', listedBefore)
    .where('r.object_type', 'in', parentObjectTypes)
    .where('c.status', '!=', 'disconnected')
    .orderBy('r.documents_listed_at')
    .limit(limit)
    .execute();
}
