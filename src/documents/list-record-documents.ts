import type { AppContext } from '../app/app-context.js';
import { findConnection } from '../store/connections/find-connection.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { removeParentDocuments, replaceParentDocuments } from './document-repository.js';
import { listDocumentParents, type DocumentParentRow } from '../store/documents/list-document-parents.js';
import { listDocumentListingCandidates, type DocumentListingCandidate } from '../store/documents/list-document-listing-candidates.js';
import { listUnlistedDocumentParents } from '../store/documents/list-unlisted-document-parents.js';
import { listStaleDocumentParents } from '../store/documents/list-stale-document-parents.js';
import { updateRecordDocumentsListed } from '../store/records/update-record-documents-listed.js';

/**
 * Whether a record's files may be listed at all. The business's rule comes first: a task the
 * client-visibility rule keeps internal never has its attachments listed (nor, therefore, served),
 * whatever the file. A deleted parent takes its documents with it.
 */
export function mayListDocumentsOf(row: Pick<DocumentParentRow, 'kind' | 'deleted' | 'client_visible'> & { client_id?: number | null }): boolean {
  if (row.deleted === 1) return false;
  // Files are only ever served to the record's own client: a record no client owns is not listed
  // (no provider call); it is listed once something links it (queueUnlistedDocuments).
  if (row.client_id === null) return false;
  if (row.kind === 'task') return row.client_visible === 1;
  return true;
}

/**
 * The `documents.list` job: lists the files on these records through their connector's document
 * source, metadata only, and makes the cache match. Queued after a sync changed the records (so it
 * is part of sync: backfill, poll, webhook); a failure is retried by the job runner like a fetch.
 */
export async function listRecordDocuments(app: AppContext, connectionId: number, recordIds: number[]): Promise<{ listed: number; removed: number }> {
  const connection = await findConnection(app.store.db, connectionId);
  if (!connection || !app.connectors.has(connection.provider)) return { listed: 0, removed: 0 };
  const source = app.connectors.get(connection.provider).documents;
  if (!source) return { listed: 0, removed: 0 };
  const ctx = await buildConnectorContext(app, connection);
  let listed = 0;
  let removed = 0;
  // The job's records in one read (up to 200), not one query each.
  const rows = await listDocumentParents(app.store.db, connectionId, recordIds);
  for (const row of rows) {
    if (!source.parentObjectTypes.includes(row.object_type)) continue;
    if (!mayListDocumentsOf(row)) {
      // Listed again (and marked) once it is linked and listable.
      removed += await app.store.transaction(async (tx) => {
        await updateRecordDocumentsListed(tx, row.id, null);
        return removeParentDocuments(tx, row.id);
      });
      continue;
    }
    const documents = await source.list(ctx, { objectType: row.object_type, externalId: row.external_id, raw: JSON.parse(row.raw) as unknown });
    // The provider was called above, outside the transaction; the mark and the cache change are one unit.
    const outcome = await app.store.transaction(async (tx) => {
      await updateRecordDocumentsListed(tx, row.id, Date.now());
      return replaceParentDocuments(tx, { workspaceId: row.workspace_id, connectionId, provider: row.provider, recordId: row.id }, documents);
    });
    listed += documents.length;
    removed += outcome.removed;
  }
  return { listed, removed };
}

/**
 * After a sync changed records: queue the listing of files on those that can carry them. A changed
 * record no client owns is queued too when it had files listed (its files go: it was unlinked or deleted).
 */
export async function queueDocumentListing(app: AppContext, recordIds: number[]): Promise<void> {
  if (recordIds.length === 0) return;
  await enqueueListing(app, await listDocumentListingCandidates(app.store.db, recordIds));
}

/**
 * Records a client owns whose files were never listed (linked after they synced: by identity
 * resolution, provisioning or staff): queued once; the listing marks them.
 */
export async function queueUnlistedDocuments(app: AppContext): Promise<void> {
  // Only the object types that carry files (the index holds every linked record never listed).
  const parentTypes = documentParentTypes(app);
  if (parentTypes.length === 0) return;
  // Keyed per connection and batch: a tick that comes while the listing still waits adds no twin.
  await enqueueListing(app, await listUnlistedDocumentParents(app.store.db, app.workspaceId, parentTypes), 'documents.unlisted');
}

/** Records re-listed per scheduler tick, oldest listing first: enough to keep up, never a burst that takes a connection's job slots from its pulls. */
export const RELIST_PER_TICK = 100;

/**
 * Files can be added at the provider without the record they hang on changing (a note's attachment
 * on a HubSpot company, an Attachable on a QuickBooks invoice nobody edited), so no sync brings them:
 * client-owned records whose listing is older than CLIENTHUB_DOCUMENTS_RELIST_MINUTES are listed
 * again, a bounded batch each scheduler tick.
 */
export async function queueStaleDocuments(app: AppContext, now = Date.now()): Promise<void> {
  const parentTypes = documentParentTypes(app);
  if (parentTypes.length === 0) return;
  const listedBefore = now - app.config.documentsRelistMinutes * 60_000;
  await enqueueListing(app, await listStaleDocumentParents(app.store.db, app.workspaceId, parentTypes, listedBefore, RELIST_PER_TICK), 'documents.relist');
}

function documentParentTypes(app: AppContext): string[] {
  return [...new Set(app.connectors.all().flatMap((connector) => connector.documents?.parentObjectTypes ?? []))];
}

async function enqueueListing(app: AppContext, rows: DocumentListingCandidate[], dedupePrefix?: string): Promise<void> {
  const byConnection = new Map<number, number[]>();
  for (const row of rows) {
    const source = app.connectors.has(row.provider) ? app.connectors.get(row.provider).documents : undefined;
    if (!source?.parentObjectTypes.includes(row.object_type)) continue;
    const ids = byConnection.get(row.connection_id);
    if (ids) ids.push(row.id);
    else byConnection.set(row.connection_id, [row.id]);
  }
  for (const [connectionId, ids] of byConnection) {
    for (let i = 0; i < ids.length; i += 200) {
      await app.jobs.enqueue('documents.list', { connectionId, recordIds: ids.slice(i, i + 200) }, dedupePrefix ? { dedupeKey: `${dedupePrefix}:${connectionId}:${i / 200}`, skipIfRunning: true } : {});
    }
  }
}
