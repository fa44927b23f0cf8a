import type { Queryable } from '../store.js';

/** A record whose files may need listing, with its connection's provider. */
export interface DocumentListingCandidate {
  id: number;
  connection_id: number;
  provider: string;
  object_type: string;
}

/**
 * Among these changed records, those whose files need listing: records a client owns, and records
 * whose files were listed before (unlinked or deleted since: their files go).
 */
export async function listDocumentListingCandidates(q: Queryable, recordIds: readonly number[]): Promise<DocumentListingCandidate[]> {
  if (recordIds.length === 0) return [];
  return q
    .selectFrom('records as r')
    .innerJoin('connections as c', 'c.id', 'r.connection_id')
    .select(['r.id', 'r.connection_id', 'c.provider', 'r.object_type'])
    .where('r.id', 'in', [...new Set(recordIds)])
    .where((eb) => eb.or([eb('r.client_id', 'is not', null), eb('r.documents_listed_at', 'is not', null)]))
    .orderBy('r.id')
    .execute();
}
