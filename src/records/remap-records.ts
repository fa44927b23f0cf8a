import { isDeepStrictEqual } from 'node:util';
import type { AppContext } from '../app/app-context.js';
import { listConnections } from '../store/connections/list-connections.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { mapProviderRecord } from './map-provider-record.js';
import { recordDeadLetter } from '../sync/dead-letters.js';
import { resolveLinks } from '../identity/resolve-links.js';
import { contentHash } from './content-hash.js';
import { listRecordsToRemap } from '../store/records/list-records-to-remap.js';
import { recordDataText } from './record-data-text.js';
import { updateRecordData } from '../store/records/update-record-data.js';

/** Stored records read per query while re-mapping: memory stays flat however large the cache. */
const REMAP_PAGE = 500;

/**
 * Bump when a code mapping changes what it produces, so stored records are re-mapped at the next start.
 * 3: payments and credit notes carry allocations (each invoice's share), from the stored payloads.
 */
export const MAPPINGS_REVISION = 3;
const FINGERPRINT_KEY = 'mappingFingerprint';

export interface RemapSummary {
  connections: number;
  examined: number;
  changed: number;
  deadLettered: number;
}

/** What a connection's mapped data depends on besides its raw payloads: code revision and the workspace's overrides. */
export function mappingFingerprint(app: AppContext, provider: string): string {
  return contentHash({ revision: MAPPINGS_REVISION, overrides: app.config.mappingOverrides[provider] ?? {} });
}

/**
 * Maps every stored raw payload again with today's mappings and configuration — no provider is
 * called. Records whose unified data changes are rewritten (a new version) and re-linked, but
 * nothing is written to the change log: the source did not change, so clients' activity and digests
 * must not tell them "your payment was updated" because our mapping learnt a new field; a payload the new mapping rejects is dead-lettered with the reason and keeps its old data.
 * With `onlyIfChanged`, a connection is re-mapped only when its fingerprint differs from the last run.

 */
export async function remapRecords(app: AppContext, options: { provider?: string; objectType?: string; onlyIfChanged?: boolean } = {}): Promise<RemapSummary> {
  const summary: RemapSummary = { connections: 0, examined: 0, changed: 0, deadLettered: 0 };
  for (const connection of await listConnections(app.store.db)) {
    if (options.provider && connection.provider !== options.provider) continue;
    if (!app.connectors.has(connection.provider)) continue;
    const connector = app.connectors.get(connection.provider);
    const context = await buildConnectorContext(app, connection);
    const fingerprint = mappingFingerprint(app, connection.provider);
    if (options.onlyIfChanged && context.metadata.get<string>(FINGERPRINT_KEY) === fingerprint) continue;
    summary.connections++;
    const mappingContext = { metadata: context.metadata, config: app.config };
    const updates: { id: number; data: string }[] = [];
    const failures: { objectType: string; externalId: string; reason: string; raw: unknown; updatedAt: number | null }[] = [];
    for (let afterId = 0; ; ) {
      const rows = await listRecordsToRemap(app.store.db, connection.id, { objectType: options.objectType, afterId, limit: REMAP_PAGE });
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1]!.id;
      for (const row of rows) {
        const mapping = connector.mappings.find((m) => m.objectType === row.objectType);
        if (!mapping) continue;
        summary.examined++;
        const raw = JSON.parse(row.raw) as unknown;
        // A tombstone has nothing to map: it keeps the data it had when it was alive.
        if (row.deleted && raw && typeof raw === 'object' && 'tombstone' in raw) continue;
        try {
          const data = recordDataText(mapProviderRecord(mapping, raw, mappingContext));
          // Compared as values, not text: PostgreSQL's jsonb gives stored data back in its own spacing and key order.
          if (data !== row.data && !isDeepStrictEqual(JSON.parse(data), JSON.parse(row.data))) updates.push({ id: row.id, data });
        } catch (error) {
          failures.push({ objectType: row.objectType, externalId: row.externalId, reason: error instanceof Error ? error.message : String(error), raw, updatedAt: row.sourceUpdatedAt });
        }
      }
    }
    await app.store.transaction(async (tx) => {
      const now = Date.now();
      for (const { id, data } of updates) await updateRecordData(tx, id, data);
      for (const failure of failures) {
        await recordDeadLetter(tx, { workspaceId: connection.workspaceId, connectionId: connection.id, provider: connection.provider, objectType: failure.objectType, externalId: failure.externalId, stage: 'mapping', reason: `re-map: ${failure.reason}`, payload: { objectType: failure.objectType, externalId: failure.externalId, updatedAt: failure.updatedAt, deleted: false, raw: failure.raw }, sourceUpdatedAt: failure.updatedAt });
      }
      if (updates.length > 0) await resolveLinks(tx, connection.workspaceId, app.config.identity, updates.map((u) => u.id), now);
    }, { isolation: 'serializable' });
    // The fingerprint is saved once the re-map committed (a crash in between only re-maps again, which
    // changes nothing the second time).
    context.metadata.set(FINGERPRINT_KEY, fingerprint);
    summary.changed += updates.length;
    summary.deadLettered += failures.length;
  }
  if (summary.changed + summary.deadLettered > 0) app.logger.info('records re-mapped from stored payloads', { ...summary });
  return summary;
}
