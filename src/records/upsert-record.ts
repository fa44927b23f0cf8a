import type { RecordKind, RecordSource } from '../model/unified-model.js';
import type { Queryable } from '../store/store.js';
import { contentHash, stableStringify } from './content-hash.js';
import { findRecordState, type RecordState } from '../store/records/find-record-state.js';
import { insertRecord } from '../store/records/insert-record.js';
import { updateRecordContent } from '../store/records/update-record-content.js';
import { insertRecordChange } from '../store/records/insert-record-change.js';

export interface RecordWrite extends RecordSource {
  workspaceId: number;
  kind: RecordKind;
  data: unknown;
  raw: unknown;
  sourceUpdatedAt: number | null;
  deleted: boolean;
}

export type UpsertOutcome = 'added' | 'updated' | 'deleted' | 'unchanged' | 'stale';

export interface UpsertResult {
  outcome: UpsertOutcome;
  recordId: number;
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
  const hash = contentHash({ kind: write.kind, raw: write.raw, deleted: write.deleted });
  const existing = known === undefined ? await findRecordState(q, write.connectionId, write.objectType, write.externalId) : (known ?? undefined);

  if (!existing) {
    const id = await insertRecord(q, {
      workspaceId: write.workspaceId,
      connectionId: write.connectionId,
      provider: write.provider,
      objectType: write.objectType,
      externalId: write.externalId,
      kind: write.kind,
      data: JSON.stringify(write.data),
      raw: stableStringify(write.raw),
      contentHash: hash,
      sourceUpdatedAt: write.sourceUpdatedAt,
      syncedAt: now,
      deleted: write.deleted,
    });
    await insertRecordChange(q, id, write.deleted ? 'deleted' : 'created', 1, now);
    return { outcome: write.deleted ? 'deleted' : 'added', recordId: id };
  }

  if (existing.sourceUpdatedAt != null && write.sourceUpdatedAt != null && write.sourceUpdatedAt < existing.sourceUpdatedAt) {
    return { outcome: 'stale', recordId: existing.id };
  }
  if (existing.contentHash === hash) return { outcome: 'unchanged', recordId: existing.id };

  const version = existing.version + 1;
  await updateRecordContent(q, existing.id, {
    kind: write.kind,
    data: JSON.stringify(write.data),
    raw: stableStringify(write.raw),
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
