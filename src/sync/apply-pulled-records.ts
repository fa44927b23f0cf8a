import type { AppContext } from '../app/app-context.js';
import type { Queryable } from '../store/store.js';
import type { Connection } from '../connections/connection-repository.js';
import type { Connector, MappingContext, PulledRecord } from '../connector-kit/connector.js';
import { upsertRecord, type UpsertOutcome } from '../records/upsert-record.js';
import { closeDeadLettersOnCleanSync, recordDeadLetter } from './dead-letters.js';
import { resolveLinks } from '../identity/resolve-links.js';
import { refreshMatchesForRecords } from '../billing/refresh-matches-for-records.js';
import { mapProviderRecord } from '../records/map-provider-record.js';
import { findRecordState } from '../store/records/find-record-state.js';

export interface ApplyCounts {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  stale: number;
  deadLettered: number;
  /** Records whose stored content changed: candidates for provisioning and linking. */
  changedRecordIds: number[];
}

export function emptyCounts(): ApplyCounts {
  return { added: 0, updated: 0, unchanged: 0, deleted: 0, stale: 0, deadLettered: 0, changedRecordIds: [] };
}

/**
 * Maps and stores a batch of provider records. Must run inside the caller's store transaction
 * (`tx`), so the records, their cursor and the run's counters commit together.
 * A record that fails mapping or validation is dead-lettered, never dropped and never fatal to the batch.
 *
 * MIXED TRANSACTION (issue 15, transitional): identity linking and invoice matching (src/identity,
 * src/billing) are not on the store yet and still write through the legacy SQLite handle `app.db`.
 * On SQLite that handle IS the store's one connection, so they run inside `tx`'s BEGIN IMMEDIATE and
 * commit or roll back with the page. On PostgreSQL they would write to a different database outside
 * the transaction, so a batch that links refuses to run there (assertion below) until they move.
 */
export async function applyPulledRecords(
  app: Pick<AppContext, 'db' | 'store'>,
  tx: Queryable,
  connection: Connection,
  connector: Connector,
  records: PulledRecord[],
  mappingContext: MappingContext,
  counts: ApplyCounts = emptyCounts(),
  /** A replay resolves its own dead letter itself (as replayed, by whoever asked). */
  /** `link: false` only for `npm run bench`'s "write path without linking" row, which measures linking's share. */
  options: { replayingDeadLetter?: number; link?: boolean } = {},
): Promise<ApplyCounts> {
  const changed: number[] = [];
  const cleanlySynced = (record: PulledRecord) =>
    closeDeadLettersOnCleanSync(
      tx,
      { workspaceId: connection.workspaceId, connectionId: connection.id, objectType: record.objectType, externalId: record.externalId, sourceUpdatedAt: record.updatedAt },
      { except: options.replayingDeadLetter },
    );
  for (const record of records) {
    const mapping = connector.mappings.find((m) => m.objectType === record.objectType);
    if (!mapping) throw new Error(`${connector.provider} has no mapping for object type "${record.objectType}"`);
    let data: unknown;
    try {
      // A deleted record keeps its last known mapped data when the provider sends only an id.
      data = record.deleted && isTombstone(record.raw) ? null : mapProviderRecord(mapping, record.raw, mappingContext);
    } catch (error) {
      await recordDeadLetter(tx, {
        workspaceId: connection.workspaceId,
        connectionId: connection.id,
        provider: connector.provider,
        objectType: record.objectType,
        externalId: record.externalId,
        stage: 'mapping',
        reason: error instanceof Error ? error.message : String(error),
        payload: record,
        sourceUpdatedAt: record.updatedAt,
      });
      counts.deadLettered++;
      continue;
    }
    if (data === null) {
      const existing = await findRecordState(tx, connection.id, record.objectType, record.externalId);
      if (!existing) {
        // Deleting something we never had: nothing to keep, and nothing left to fix either.
        await cleanlySynced(record);
        continue;
      }
      data = JSON.parse(existing.data);
    }
    const result = await upsertRecord(tx, {
      workspaceId: connection.workspaceId,
      connectionId: connection.id,
      provider: connector.provider,
      objectType: record.objectType,
      externalId: record.externalId,
      kind: mapping.kind,
      data,
      raw: record.raw,
      sourceUpdatedAt: record.updatedAt,
      deleted: record.deleted,
    });
    count(counts, result.outcome);
    // A stale version is older than what the cache holds: it proves nothing about newer failures.
    if (result.outcome !== 'stale') await cleanlySynced(record);
    if (result.outcome === 'added' || result.outcome === 'updated' || result.outcome === 'deleted') {
      counts.changedRecordIds.push(result.recordId);
      changed.push(result.recordId);
    }
  }
  // Same transaction: a record never becomes visible under the wrong client, even for a moment.
  if (changed.length > 0 && options.link !== false) {
    assertLegacyHandleSharesTransaction(app);
    resolveLinks(app.db, connection.workspaceId, mappingContext.config.identity, changed);
    // Also in the batch's transaction: a mirrored bill is never counted twice, even for a moment.
    refreshMatchesForRecords(app.db, connection.workspaceId, mappingContext.config.billing, changed);
  }
  return counts;
}

function count(counts: ApplyCounts, outcome: UpsertOutcome) {
  counts[outcome]++;
}

/** A deletion that carries no object body (just an id): there is nothing to map. */
function isTombstone(raw: unknown): boolean {
  return raw === null || (typeof raw === 'object' && raw !== null && 'tombstone' in raw);
}

/**
 * Linking and matching still write through `app.db` (not yet on the store): correct only where that
 * handle is the store's own connection, i.e. SQLite. Fails loudly on PostgreSQL rather than write
 * outside the page's transaction.
 */
function assertLegacyHandleSharesTransaction(app: Pick<AppContext, 'store'>): void {
  if (app.store.engine !== 'sqlite') {
    throw new Error(
      `Record linking and invoice matching are not on the store yet (issue 15): a sync page cannot link records on ${app.store.engine}; it only runs on SQLite until src/identity and src/billing move to the store`,
    );
  }
}
