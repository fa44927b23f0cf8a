import type { Queryable } from '../store.js';
import type { DocumentListingCandidate } from './list-document-listing-candidates.js';

/**
 * Live records of a workspace that a client owns, of the object types that carry files: what may
 * ever be listed (files are served only to a record's own client). The two listings below narrow it.
 */
export function ownedDocumentParents(q: Queryable, workspaceId: number, parentObjectTypes: readonly string[]) {
  return q
    .selectFrom('records as r')
    .innerJoin('connections as c', 'c.id', 'r.connection_id')
    .select(['r.id', 'r.connection_id', 'c.provider', 'r.object_type'])
    .where('r.workspace_id', '=', workspaceId)
    .where('r.client_id', 'is not', null)
    .where('r.deleted', '=', 0)
    .where('r.object_type', 'in', parentObjectTypes);
}

/** Those whose files were never listed (linked after they synced). Served by the index records_documents_unlisted. */
export async function listUnlistedDocumentParents(q: Queryable, workspaceId: number, parentObjectTypes: readonly string[]): Promise<DocumentListingCandidate[]> {
  if (parentObjectTypes.length === 0) return [];
  return ownedDocumentParents(q, workspaceId, parentObjectTypes).where('r.documents_listed_at', 'is', null).orderBy('r.id').execute();
}
