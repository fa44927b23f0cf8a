import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { findConnection } from '../store/connections/find-connection.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { removeParentDocuments, replaceParentDocuments } from './document-repository.js';

interface ParentRow {
  id: number;
  workspace_id: number;
  connection_id: number;
  provider: string;
  object_type: string;
  external_id: string;
  kind: string;
  raw: string;
  deleted: number;
  client_visible: number | null;
  client_id: number | null;
}

/**
 * Whether a record's files may be listed at all. The business's rule comes first: a task the
 * client-visibility rule keeps internal never has its attachments listed (nor, therefore, served),
 * whatever the file. A deleted parent takes its documents with it.
 */
export function mayListDocumentsOf(row: Pick<ParentRow, 'kind' | 'deleted' | 'client_visible'> & { client_id?: number | null }): boolean {
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
  const ctx = buildConnectorContext(app, connection);
  let listed = 0;
  let removed = 0;
  // The job's records in one read (up to 200), not one query each.
  const rows = recordIds.length === 0 ? [] : (app.db
    .prepare(
      `SELECT id, workspace_id, connection_id, provider, object_type, external_id, kind, raw, deleted, client_visible, client_id
         FROM records WHERE connection_id = ? AND id IN (${recordIds.map(() => '?').join(',')}) ORDER BY id`,
    )
    .all(connectionId, ...recordIds) as ParentRow[]);
  for (const row of rows) {
    if (!source.parentObjectTypes.includes(row.object_type)) continue;
    if (!mayListDocumentsOf(row)) {
      // Listed again (and marked) once it is linked and listable.
      app.db.prepare('UPDATE records SET documents_listed_at = NULL WHERE id = ?').run(row.id);
      removed += removeParentDocuments(app.db, row.id);
      continue;
    }
    const documents = await source.list(ctx, { objectType: row.object_type, externalId: row.external_id, raw: JSON.parse(row.raw) as unknown });
    const outcome = writeTransaction(app.db, () => {
      app.db.prepare('UPDATE records SET documents_listed_at = ? WHERE id = ?').run(Date.now(), row.id);
      return replaceParentDocuments(app.db, { workspaceId: row.workspace_id, connectionId, provider: row.provider, recordId: row.id }, documents);
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
  const placeholders = recordIds.map(() => '?').join(',');
  const rows = app.db
    .prepare(
      `SELECT r.id, r.connection_id, c.provider, r.object_type FROM records r JOIN connections c ON c.id = r.connection_id
        WHERE r.id IN (${placeholders}) AND (r.client_id IS NOT NULL OR r.documents_listed_at IS NOT NULL)`,
    )
    .all(...recordIds) as ParentRef[];
  await enqueueListing(app, rows);
}

/**
 * Records a client owns whose files were never listed (linked after they synced: by identity
 * resolution, provisioning or staff): queued once; the listing marks them.
 */
export async function queueUnlistedDocuments(app: AppContext): Promise<void> {
  // Only the object types that carry files (the index holds every linked record never listed).
  const parentTypes = [...new Set(app.connectors.all().flatMap((connector) => connector.documents?.parentObjectTypes ?? []))];
  if (parentTypes.length === 0) return;
  const rows = app.db
    .prepare(
      `SELECT r.id, r.connection_id, c.provider, r.object_type FROM records r JOIN connections c ON c.id = r.connection_id
        WHERE r.workspace_id = ? AND r.client_id IS NOT NULL AND r.deleted = 0 AND r.documents_listed_at IS NULL
          AND r.object_type IN (${parentTypes.map(() => '?').join(',')})`,
    )
    .all(app.workspaceId, ...parentTypes) as ParentRef[];
  await enqueueListing(app, rows);
}

interface ParentRef {
  id: number;
  connection_id: number;
  provider: string;
  object_type: string;
}

async function enqueueListing(app: AppContext, rows: ParentRef[]): Promise<void> {
  const byConnection = new Map<number, number[]>();
  for (const row of rows) {
    const source = app.connectors.has(row.provider) ? app.connectors.get(row.provider).documents : undefined;
    if (!source?.parentObjectTypes.includes(row.object_type)) continue;
    const ids = byConnection.get(row.connection_id);
    if (ids) ids.push(row.id);
    else byConnection.set(row.connection_id, [row.id]);
  }
  for (const [connectionId, ids] of byConnection) {
    for (let i = 0; i < ids.length; i += 200) await app.jobs.enqueue('documents.list', { connectionId, recordIds: ids.slice(i, i + 200) });
  }
}
