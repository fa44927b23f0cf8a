import type { AppContext } from '../app/app-context.js';
import type { Connection } from '../connections/connection-repository.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import type { RecordKind } from '../model/unified-model.js';
import { applyPulledRecords } from '../sync/apply-pulled-records.js';
import { listStoredExternalIds } from '../store/records/list-stored-external-ids.js';

/**
 * Makes sure the records a deal points at (its company, contacts, owner) are in the cache,
 * fetching the missing ones by id: a webhook for a deal can arrive before any poll saw them.
 */
export async function ensureRelatedRecords(
  app: AppContext,
  connection: Connection,
  wanted: Partial<Record<RecordKind, string[]>>,
): Promise<void> {
  const connector = app.connectors.get(connection.provider);
  const context = await buildConnectorContext(app, connection);
  for (const [kind, ids] of Object.entries(wanted) as [RecordKind, string[]][]) {
    const objectType = connector.objectTypeForKind[kind];
    if (!objectType || ids.length === 0) continue;
    const stored = await listStoredExternalIds(app.store.db, connection.id, objectType, ids);
    const missing = ids.filter((id) => !stored.has(id));
    if (missing.length === 0) continue;
    const fetched = await connector.fetchByIds(context, objectType, missing);
    await app.store.transaction((tx) => applyPulledRecords(app, tx, connection, connector, fetched, { metadata: context.metadata, config: app.config }));
  }
}
