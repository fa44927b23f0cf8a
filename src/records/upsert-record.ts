import type { RecordKind, RecordSource } from '../model/unified-model.js';
import type { Queryable } from '../store/store.js';
import { contentHash, recordContentHash, stableStringify } from './content-hash.js';
import { findRecordState, type RecordState } from '../store/records/find-record-state.js';
import { insertRecords, type NewRecordRow } from '../store/records/insert-records.js';
import { insertRecordChanges } from '../store/records/insert-record-changes.js';
import { updateRecordContent } from '../store/records/update-record-content.js';
import { recordDataText } from './record-data-text.js';
import { insertRecordChange } from '../store/records/insert-record-change.js';

export interface RecordWrite extends RecordSource {
  workspaceId: number;
  kind: RecordKind;
  data: unknown;
  raw: unknown;
  sourceUpdatedAt: number | null;
  deleted: boolean;
  /** `recordPayload(kind, raw, deleted)`, when the caller worked it out already (to skip an unchanged record before mapping it). */
  payload?: RecordPayload;
}

/** The payload as stored (stable JSON) and the content hash compared with the stored one. */
export interface RecordPayload {
  text: string;
  hash: string;
}

/** The payload as stable JSON once: hashed (the same hash as contentHash({ kind, raw, deleted })) and stored. */
export function recordPayload(kind: string, raw: unknown, deleted: boolean): RecordPayload {
  const text = stableStringify(raw);
  return { text, hash: raw === undefined ? contentHash({ kind, deleted }) : recordContentHash(kind, text, deleted) };
}

/** A version older than the stored one (the upsert's 'stale'): both times known, and this one earlier. */
export function isOlderThanStored(sourceUpdatedAt: number | null, stored: Pick<RecordState, 'sourceUpdatedAt'>): boolean {
  return stored.sourceUpdatedAt != null && sourceUpdatedAt != null && sourceUpdatedAt < stored.sourceUpdatedAt;
}

export type UpsertOutcome = 'added' | 'updated' | 'deleted' | 'unchanged' | 'stale';

export interface UpsertResult {
  outcome: UpsertOutcome;
  recordId: number;
  /** The row a writer's flush inserted for this result (a record seen for the first time). */
  inserted?: NewRecordRow;
}

/**
 * Idempotent, ordered upsert. Webhooks arrive twice and out of order, polls overlap:
 * - an older source version never overwrites a newer one ('stale');
 * - identical content is not written again ('unchanged');
 * Must run inside the caller's store transaction (`q` is that transaction), so the read and the
 * write it decides are one unit on both engines.
 */
export async function upsertRecord(
  q: Queryable,
  write: RecordWrite,
  now = Date.now(),
  /** The stored state, when the caller read it for a whole chunk in this transaction (null: not stored). */
  known?: RecordState | null,
): Promise<UpsertResult> {
  const writer = createRecordWriter(q, now);
  const result = await writer.upsert(write, known);
  await writer.flush();
  return result;
}

/**
 * The ordered upsert for a whole sync page: changed records are updated as they come, records seen
 * for the first time are held and inserted together at `flush()` (a few multi-row statements instead
 * of two per record). Their results' `recordId` is set by that flush, so read ids after it. A record
 * the writer must look up again (`known` undefined: seen earlier in the page) flushes first, so a
 * page that carries one record twice still sees its first version.
 */
export interface RecordWriter {
  upsert(write: RecordWrite, known?: RecordState | null): Promise<UpsertResult>;
  /** Inserts the held new records and their change-log rows; sets their results' ids. */
  flush(): Promise<void>;
}

export function createRecordWriter(q: Queryable, now = Date.now()): RecordWriter {
  let pending: { row: NewRecordRow; result: UpsertResult }[] = [];

  async function flush(): Promise<void> {
    if (pending.length === 0) return;
    const held = pending;
    pending = [];
    const ids = await insertRecords(q, held.map((p) => p.row));
    for (const { row, result } of held) {
      const id = ids.get(`${row.objectType}\u0000${row.externalId}`);
      if (id === undefined) throw new Error(`record ${row.objectType} ${row.externalId} was not inserted`);
      result.recordId = id;
      result.inserted = row;
    }
    await insertRecordChanges(q, held.map(({ row, result }) => ({ recordId: result.recordId, change: row.deleted ? 'deleted' : 'created', version: 1, at: now })));
  }

  async function upsert(write: RecordWrite, known?: RecordState | null): Promise<UpsertResult> {
    const { text: rawText, hash } = write.payload ?? recordPayload(write.kind, write.raw, write.deleted);
    if (known === undefined) await flush();
    const existing = known === undefined ? await findRecordState(q, write.connectionId, write.objectType, write.externalId) : (known ?? undefined);

    if (!existing) {
      const result: UpsertResult = { outcome: write.deleted ? 'deleted' : 'added', recordId: 0 };
      pending.push({
        result,
        row: {
          workspaceId: write.workspaceId,
          connectionId: write.connectionId,
          provider: write.provider,
          objectType: write.objectType,
          externalId: write.externalId,
          kind: write.kind,
          data: recordDataText(write.data),
          raw: rawText,
          contentHash: hash,
          sourceUpdatedAt: write.sourceUpdatedAt,
          syncedAt: now,
          deleted: write.deleted,
        },
      });
      return result;
    }

    if (isOlderThanStored(write.sourceUpdatedAt, existing)) return { outcome: 'stale', recordId: existing.id };
    if (existing.contentHash === hash) return { outcome: 'unchanged', recordId: existing.id };

    const version = existing.version + 1;
    await updateRecordContent(q, existing.id, {
      kind: write.kind,
      data: recordDataText(write.data),
      raw: rawText,
      contentHash: hash,
      sourceUpdatedAt: write.sourceUpdatedAt ?? existing.sourceUpdatedAt,
      syncedAt: now,
      deleted: write.deleted,
      version,
    });
    const outcome: UpsertOutcome = write.deleted && !existing.deleted ? 'deleted' : 'updated';
    await insertRecordChange(q, existing.id, outcome === 'deleted' ? 'deleted' : 'updated', version, now);
    return { outcome, recordId: existing.id };
  }

  return { upsert, flush };
}
