import type { AppContext } from '../app/app-context.js';
import type { Queryable } from '../store/store.js';
import type { Connection } from '../connections/connection-repository.js';
import type { Connector, MappingContext, PulledRecord } from '../connector-kit/connector.js';
import { createRecordWriter, isOlderThanStored, recordPayload, type UpsertOutcome, type UpsertResult } from '../records/upsert-record.js';
import { closeDeadLettersOnCleanSync, recordDeadLetter } from './dead-letters.js';
import { resolveLinks } from '../identity/resolve-links.js';
import { refreshMatchesForRecords } from '../billing/refresh-matches-for-records.js';
import { mapProviderRecord } from '../records/map-provider-record.js';
import { findRecordState, type RecordState } from '../store/records/find-record-state.js';
import { listRecordStates } from '../store/records/list-record-states.js';
import { findRecordById } from '../store/records/find-record-by-id.js';
import { listOpenDeadLetterKeys } from '../store/sync/list-open-dead-letter-keys.js';
import type { LinkRow } from '../store/identity/link-row.js';

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
  // New records are inserted together when the page is done (or earlier, when one must be looked up
  // again); their ids are read from the results after that flush.
  const writer = createRecordWriter(tx);
  const changedResults: UpsertResult[] = [];
  // The chunk's stored states and open dead letters, read once (not once per record): a record seen
  // twice in one batch is looked up again the second time, since the first write changed it.
  const prefetched = await prefetchChunk(tx, connection.id, records);
  const seen = new Set<string>();
  const cleanlySynced = async (record: PulledRecord) => {
    if (!prefetched.openLetters.has(keyOf(record)) && !seen.has(keyOf(record))) return;
    await closeDeadLettersOnCleanSync(
      tx,
      { workspaceId: connection.workspaceId, connectionId: connection.id, objectType: record.objectType, externalId: record.externalId, sourceUpdatedAt: record.updatedAt },
      { except: options.replayingDeadLetter },
    );
  };
  for (const record of records) {
    const key = keyOf(record);
    const known = seen.has(key) ? undefined : (prefetched.states.get(key) ?? null);
    const mapping = connector.mappings.find((m) => m.objectType === record.objectType);
    if (!mapping) throw new Error(`${connector.provider} has no mapping for object type "${record.objectType}"`);
    // A stored record sent again as it is (same payload, not older) is unchanged whatever its mapping
    // gives, so it is not mapped or validated again: re-sending costs the hash. Mapping changes reach
    // stored payloads through remapRecords. One with an open dead letter takes the full path, which
    // decides whether the letter is closed.
    const payload = recordPayload(mapping.kind, record.raw, record.deleted);
    if (known && payload.hash === known.contentHash && !isOlderThanStored(record.updatedAt, known) && !prefetched.openLetters.has(key)) {
      counts.unchanged++;
      seen.add(key);
      continue;
    }
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
      seen.add(key);
      continue;
    }
    if (data === null) {
      if (known === undefined) await writer.flush();
      const existing = known === undefined ? await findRecordState(tx, connection.id, record.objectType, record.externalId) : known;
      if (!existing) {
        // Deleting something we never had: nothing to keep, and nothing left to fix either.
        await cleanlySynced(record);
        seen.add(key);
        continue;
      }
      // Its stored data, read only here: the page's prefetched states leave data out.
      data = (await findRecordById(tx, existing.id))!.data;
    }
    const result = await writer.upsert({
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
      payload,
    }, known);
    count(counts, result.outcome);
    // A stale version is older than what the cache holds: it proves nothing about newer failures.
    if (result.outcome !== 'stale') await cleanlySynced(record);
    seen.add(key);
    if (result.outcome === 'added' || result.outcome === 'updated' || result.outcome === 'deleted') changedResults.push(result);
  }
  await writer.flush();
  const changed = changedResults.map((result) => result.recordId);
  counts.changedRecordIds.push(...changed);
  // Same transaction: a record never becomes visible under the wrong client, even for a moment.
  if (changed.length > 0 && options.link !== false) {
    await resolveLinks(tx, connection.workspaceId, mappingContext.config.identity, changed, undefined, { inserted: insertedLinkRows(changedResults) });
    // Also in the batch's transaction: a mirrored bill is never counted twice, even for a moment.
    await refreshMatchesForRecords(tx, connection.workspaceId, mappingContext.config.billing, changed);
  }
  return counts;
}

/**
 * The records this page inserted and did not change again, as linking reads them: a new record has no
 * link and no client yet, so linking takes these rows as they were written instead of reading them back.
 */
function insertedLinkRows(results: UpsertResult[]): LinkRow[] {
  const times = new Map<number, number>();
  for (const result of results) times.set(result.recordId, (times.get(result.recordId) ?? 0) + 1);
  const rows: LinkRow[] = [];
  for (const { recordId, inserted } of results) {
    if (!inserted || inserted.deleted || times.get(recordId) !== 1) continue;
    rows.push({
      id: recordId,
      connection_id: inserted.connectionId,
      provider: inserted.provider,
      object_type: inserted.objectType,
      kind: inserted.kind,
      external_id: inserted.externalId,
      data: inserted.data,
      client_id: null,
      link_method: null,
      manual: null,
      source_client_id: null,
    });
  }
  return rows;
}

const PREFETCH_SLICE = 500;

const keyOf = (record: PulledRecord) => `${record.objectType}\u0000${record.externalId}`;

/** Stored states and open dead letters of a batch's records, one query per object type each. */
async function prefetchChunk(tx: Queryable, connectionId: number, records: PulledRecord[]): Promise<{ states: Map<string, RecordState>; openLetters: Set<string> }> {
  const byType = new Map<string, string[]>();
  for (const record of records) {
    const ids = byType.get(record.objectType);
    if (ids) ids.push(record.externalId);
    else byType.set(record.objectType, [record.externalId]);
  }
  const states = new Map<string, RecordState>();
  const openLetters = new Set<string>();
  for (const [objectType, externalIds] of byType) {
    const unique = [...new Set(externalIds)];
    // In slices: a deletion sweep can pass many thousands, more than an IN list should carry.
    for (let i = 0; i < unique.length; i += PREFETCH_SLICE) {
      const slice = unique.slice(i, i + PREFETCH_SLICE);
      for (const [externalId, state] of await listRecordStates(tx, connectionId, objectType, slice)) states.set(`${objectType}\u0000${externalId}`, state);
      for (const externalId of await listOpenDeadLetterKeys(tx, connectionId, objectType, slice)) openLetters.add(`${objectType}\u0000${externalId}`);
    }
  }
  return { states, openLetters };
}

function count(counts: ApplyCounts, outcome: UpsertOutcome) {
  counts[outcome]++;
}

/** A deletion that carries no object body (just an id): there is nothing to map. */
function isTombstone(raw: unknown): boolean {
  return raw === null || (typeof raw === 'object' && raw !== null && 'tombstone' in raw);
}
