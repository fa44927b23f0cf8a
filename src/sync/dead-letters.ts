import type { Queryable } from '../store/store.js';
import type { DeadLetterInput } from '../store/sync/dead-letter-row.js';
import { insertDeadLetter } from '../store/sync/insert-dead-letter.js';
import { deleteOpenDeadLetters } from '../store/sync/delete-open-dead-letters.js';
import { listOpenDeadLettersForRecord } from '../store/sync/list-open-dead-letters-for-record.js';
import { resolveDeadLetter } from '../store/sync/resolve-dead-letter.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';

export type { DeadLetter, DeadLetterInput } from '../store/sync/dead-letter-row.js';
export { listDeadLetters } from '../store/sync/list-dead-letters.js';
export { findDeadLetter as getDeadLetter } from '../store/sync/find-dead-letter.js';
export { resolveDeadLetter } from '../store/sync/resolve-dead-letter.js';

/** Keeps a payload that could not be applied, so nothing is lost and staff can replay it after a fix. */
export async function recordDeadLetter(q: Queryable, input: DeadLetterInput, now = Date.now()): Promise<number> {
  // A record that fails the same way again replaces its open entry instead of piling up copies.
  if (input.connectionId != null && input.externalId != null) {
    await deleteOpenDeadLetters(q, input.connectionId, input.objectType, input.externalId);
  }
  return insertDeadLetter(q, input, now);
}

/** Why a dead letter was closed without anyone replaying it (its note; the audit row says the same). */
export const CLOSED_BY_CLEAN_SYNC_NOTE = 'closed automatically: the record synced cleanly since';

/**
 * A record just mapped and stored cleanly closes its open dead letters for versions no newer than
 * the one stored: the cache holds the record now, so the letter is done (status 'replayed', the
 * cache being what a replay would have produced), audited as the system's. A letter for a newer
 * version than this one stays open: that version still fails. Runs in the caller's transaction.
 */
export async function closeDeadLettersOnCleanSync(
  q: Queryable,
  record: { workspaceId: number; connectionId: number; objectType: string; externalId: string; sourceUpdatedAt: number | null },
  options: { except?: number } = {},
  now = Date.now(),
): Promise<number[]> {
  const open = await listOpenDeadLettersForRecord(q, record.connectionId, record.objectType, record.externalId);
  const closed: number[] = [];
  for (const letter of open) {
    if (letter.id === options.except) continue;
    if (letter.sourceUpdatedAt != null && record.sourceUpdatedAt != null && record.sourceUpdatedAt < letter.sourceUpdatedAt) continue;
    await resolveDeadLetter(q, letter.id, 'replayed', CLOSED_BY_CLEAN_SYNC_NOTE, now);
    await insertAuditEntry(
      q,
      { workspaceId: record.workspaceId, actorType: 'system', action: 'dead_letter.closed', subjectType: 'dead_letter', subjectId: letter.id, details: { reason: CLOSED_BY_CLEAN_SYNC_NOTE, sourceUpdatedAt: record.sourceUpdatedAt } },
      now,
    );
    closed.push(letter.id);
  }
  return closed;
}
