import type { Db } from '../db/open-database.js';
import type { Connection } from '../connections/connection-repository.js';
import type { Connector, MappingContext, PulledRecord } from '../connector-kit/connector.js';
import { upsertRecord, type UpsertOutcome } from '../records/upsert-record.js';
import { closeDeadLettersOnCleanSync, recordDeadLetter } from './dead-letters.js';
import { resolveLinks } from '../identity/resolve-links.js';
import { refreshMatchesForRecords } from '../billing/refresh-matches-for-records.js';
import { mapProviderRecord } from '../records/map-provider-record.js';
import { cachedStatement } from '../db/cached-statement.js';

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
 * Maps and stores a batch of provider records. Must run inside the caller's write
 * transaction, so the records, their cursor and the run's counters commit together.
 * A record that fails mapping or validation is dead-lettered, never dropped and never fatal to the batch.
 */
export function applyPulledRecords(
  db: Db,
  connection: Connection,
  connector: Connector,
  records: PulledRecord[],
  mappingContext: MappingContext,
  counts: ApplyCounts = emptyCounts(),
  /** A replay resolves its own dead letter itself (as replayed, by whoever asked). */
  /** `link: false` only for `npm run bench`'s "write path without linking" row, which measures linking's share. */
  options: { replayingDeadLetter?: number; link?: boolean } = {},
): ApplyCounts {
  const changed: number[] = [];
  const cleanlySynced = (record: PulledRecord) =>
    closeDeadLettersOnCleanSync(
      db,
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
      recordDeadLetter(db, {
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
      const existing = cachedStatement(db, 'SELECT data FROM records WHERE connection_id = ? AND object_type = ? AND external_id = ?')
        .get(connection.id, record.objectType, record.externalId) as { data: string } | undefined;
      if (!existing) {
        // Deleting something we never had: nothing to keep, and nothing left to fix either.
        cleanlySynced(record);
        continue;
      }
      data = JSON.parse(existing.data);
    }
    const result = upsertRecord(db, {
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
    if (result.outcome !== 'stale') cleanlySynced(record);
    if (result.outcome === 'added' || result.outcome === 'updated' || result.outcome === 'deleted') {
      counts.changedRecordIds.push(result.recordId);
      changed.push(result.recordId);
    }
  }
  // Same transaction: a record never becomes visible under the wrong client, even for a moment.
  if (changed.length > 0 && options.link !== false) {
    resolveLinks(db, connection.workspaceId, mappingContext.config.identity, changed);
    // Also in the batch's transaction: a mirrored bill is never counted twice, even for a moment.
    refreshMatchesForRecords(db, connection.workspaceId, mappingContext.config.billing, changed);
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
