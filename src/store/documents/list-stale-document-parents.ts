import type { Queryable } from '../store.js';
import type { DocumentListingCandidate } from './list-document-listing-candidates.js';
import { ownedDocumentParents } from './list-unlisted-document-parents.js';

/**
 * Client-owned records (of a connection still connected) whose files were last listed before
 * `listedBefore`: the oldest listings first, at most `limit` (index records_documents_listed). Listing
 * them again finds files added without the record changing.
 */
export async function listStaleDocumentParents(
  q: Queryable,
  workspaceId: number,
  parentObjectTypes: readonly string[],
  listedBefore: number,
  limit: number,
): Promise<DocumentListingCandidate[]> {
  if (parentObjectTypes.length === 0 || limit <= 0) return [];
  return ownedDocumentParents(q, workspaceId, parentObjectTypes)
    .where('r.documents_listed_at', 'is not', null)
    .where('r.documents_listed_at', '<', listedBefore)
    .where('c.status', '!=', 'disconnected')
    .orderBy('r.documents_listed_at')
    .limit(limit)
    .execute();
}
