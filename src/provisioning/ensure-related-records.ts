import type { AppContext } from '../app/app-context.js';
import type { Connection } from '../connections/connection-repository.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import type { RecordKind } from '../model/unified-model.js';
import { applyPulledRecords } from '../sync/apply-pulled-records.js';

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
  const context = buildConnectorContext(app, connection);
  for (const [kind, ids] of Object.entries(wanted) as [RecordKind, string[]][]) {
    const objectType = connector.objectTypeForKind[kind];
    if (!objectType || ids.length === 0) continue;
    const missing = ids.filter(
      (id) =>
        !app.db
          .prepare('SELECT 1 FROM records WHERE connection_id = ? AND object_type = ? AND external_id = ?')
          .get(connection.id, objectType, id),
    );
    if (missing.length === 0) continue;
    const fetched = await connector.fetchByIds(context, objectType, missing);
    await app.store.transaction((tx) => applyPulledRecords(app, tx, connection, connector, fetched, { metadata: context.metadata, config: app.config }));
  }
}
