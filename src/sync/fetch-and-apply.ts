import type { AppContext } from '../app/app-context.js';
import { findConnection } from '../store/connections/find-connection.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import type { PulledRecord } from '../connector-kit/connector.js';
import { applyPulledRecords, type ApplyCounts } from './apply-pulled-records.js';
import { afterRecordsChanged } from './after-records-changed.js';
import { queueConversationRefresh } from '../conversations/refresh-conversation.js';

/**
 * Fetches the current state of some records and applies it, plus any tombstones the caller
 * already knows (deletion events). Fetching current state instead of trusting event order
 * is what makes reordered webhooks harmless: the newest version always wins.
 */
export async function fetchAndApply(
  app: AppContext,
  connectionId: number,
  objectType: string,
  changedIds: string[],
  tombstones: PulledRecord[] = [],
): Promise<ApplyCounts | null> {
  const connection = await findConnection(app.store.db, connectionId);
  if (!connection || connection.status === 'disconnected') return null;
  const connector = app.connectors.get(connection.provider);
  const context = await buildConnectorContext(app, connection);
  await connector.refreshMetadata?.(context);
  const fetched = changedIds.length ? await connector.fetchByIds(context, objectType, changedIds) : [];
  // Serializable: the records are linked in it (a link decision reads, then writes).
  const counts = await app.store.transaction(
    (tx) => applyPulledRecords(app, tx, connection, connector, [...fetched, ...tombstones], { metadata: context.metadata, config: app.config }),
    { isolation: 'serializable' },
  );
  await afterRecordsChanged(app, counts.changedRecordIds);
  // A comment leaves its task unchanged: the conversation is read again for the task the provider named.
  await queueConversationRefresh(app, connection, fetched);
  return counts;
}
