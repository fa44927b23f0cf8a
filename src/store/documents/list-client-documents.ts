import type { Queryable } from '../store.js';
import type { DocumentRow } from '../../documents/document-repository.js';

/** A document with the record it hangs on (the caller reads the label and visibility from its data). */
export interface ClientDocumentRow extends DocumentRow {
  parent_kind: string;
  parent_connection_id: number;
  parent_data: string;
}

/**
 * The documents on one client's live records of the given kinds (optionally one document), newest
 * first. The parent record's `client_id` and `deleted = 0` are built in: a document on another
 * client's record is never returned.
 */
export async function listClientDocuments(q: Queryable, clientId: number, parentKinds: readonly string[], documentId?: number): Promise<ClientDocumentRow[]> {
  if (parentKinds.length === 0) return [];
  let query = q
    .selectFrom('documents as d')
    .innerJoin('records as r', 'r.id', 'd.parent_record_id')
    .select([
      'd.id',
      'd.connection_id',
      'd.provider',
      'd.parent_record_id',
      'd.source_id',
      'd.name',
      'd.size_bytes',
      'd.content_type',
      'd.source_created_at',
      'd.locator',
      'd.listed_at',
      'r.kind as parent_kind',
      'r.connection_id as parent_connection_id',
      'r.data as parent_data',
    ])
    .where('r.client_id', '=', clientId)
    .where('r.deleted', '=', 0)
    .where('r.kind', 'in', parentKinds);
  if (documentId !== undefined) query = query.where('d.id', '=', documentId);
  return query.orderBy((eb) => eb.fn.coalesce('d.source_created_at', eb.val('')), 'desc').orderBy('d.id', 'desc').execute();
}
