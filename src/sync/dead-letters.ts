import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';
import { writeAudit } from '../audit/write-audit.js';

export interface DeadLetterInput {
  workspaceId: number;
  connectionId: number | null;
  provider: string;
  objectType: string;
  externalId: string | null;
  stage: 'mapping' | 'processing';
  reason: string;
  payload: unknown;
  sourceUpdatedAt: number | null;
}

export interface DeadLetter extends DeadLetterInput {
  id: number;
  status: 'open' | 'replayed' | 'discarded';
  createdAt: number;
  resolvedAt: number | null;
  note: string | null;
}

/** Keeps a payload that could not be applied, so nothing is lost and staff can replay it after a fix. */
export function recordDeadLetter(db: Db, input: DeadLetterInput, now = Date.now()): number {
  // A record that fails the same way again replaces its open entry instead of piling up copies.
  if (input.connectionId != null && input.externalId != null) {
    db.prepare(
      `DELETE FROM dead_letters WHERE status = 'open' AND connection_id = ? AND object_type = ? AND external_id = ?`,
    ).run(input.connectionId, input.objectType, input.externalId);
  }
  const row = db
    .prepare(
      `INSERT INTO dead_letters (workspace_id, connection_id, provider, object_type, external_id, stage, reason, payload,
         source_updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      input.workspaceId,
      input.connectionId,
      input.provider,
      input.objectType,
      input.externalId,
      input.stage,
      input.reason,
      JSON.stringify(input.payload),
      input.sourceUpdatedAt,
      now,
    ) as { id: number };
  return row.id;
}

interface DeadLetterRow {
  id: number;
  workspace_id: number;
  connection_id: number | null;
  provider: string;
  object_type: string;
  external_id: string | null;
  stage: 'mapping' | 'processing';
  reason: string;
  payload: string;
  source_updated_at: number | null;
  status: 'open' | 'replayed' | 'discarded';
  created_at: number;
  resolved_at: number | null;
  note: string | null;
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    connectionId: row.connection_id,
    provider: row.provider,
    objectType: row.object_type,
    externalId: row.external_id,
    stage: row.stage,
    reason: row.reason,
    payload: JSON.parse(row.payload),
    sourceUpdatedAt: row.source_updated_at,
    status: row.status,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    note: row.note,
  };
}

export function listDeadLetters(db: Db, status: DeadLetter['status'] | 'all' = 'open'): DeadLetter[] {
  const rows = (
    status === 'all'
      ? db.prepare('SELECT * FROM dead_letters ORDER BY id DESC').all()
      : db.prepare('SELECT * FROM dead_letters WHERE status = ? ORDER BY id DESC').all(status)
  ) as DeadLetterRow[];
  return rows.map(toDeadLetter);
}

export function getDeadLetter(db: Db, id: number): DeadLetter | undefined {
  const row = db.prepare('SELECT * FROM dead_letters WHERE id = ?').get(id) as DeadLetterRow | undefined;
  return row ? toDeadLetter(row) : undefined;
}

export function resolveDeadLetter(db: Db, id: number, status: 'replayed' | 'discarded', note: string | null): void {
  db.prepare('UPDATE dead_letters SET status = ?, resolved_at = ?, note = ? WHERE id = ?').run(status, Date.now(), note, id);
}

/** Why a dead letter was closed without anyone replaying it (its note; the audit row says the same). */
export const CLOSED_BY_CLEAN_SYNC_NOTE = 'closed automatically: the record synced cleanly since';

/**
 * A record just mapped and stored cleanly closes its open dead letters for versions no newer than
 * the one stored: the cache holds the record now, so the letter is done (status 'replayed', the
 * cache being what a replay would have produced), audited as the system's. A letter for a newer
 * version than this one stays open: that version still fails. Runs in the caller's transaction.
 */
export function closeDeadLettersOnCleanSync(
  db: Db,
  record: { workspaceId: number; connectionId: number; objectType: string; externalId: string; sourceUpdatedAt: number | null },
  options: { except?: number } = {},
  now = Date.now(),
): number[] {
  const open = cachedStatement(db, `SELECT id, source_updated_at FROM dead_letters WHERE status = 'open' AND connection_id = ? AND object_type = ? AND external_id = ?`)
    .all(record.connectionId, record.objectType, record.externalId) as { id: number; source_updated_at: number | null }[];
  const closed: number[] = [];
  for (const letter of open) {
    if (letter.id === options.except) continue;
    if (letter.source_updated_at != null && record.sourceUpdatedAt != null && record.sourceUpdatedAt < letter.source_updated_at) continue;
    cachedStatement(db, `UPDATE dead_letters SET status = 'replayed', resolved_at = ?, note = ? WHERE id = ?`).run(now, CLOSED_BY_CLEAN_SYNC_NOTE, letter.id);
    writeAudit(db, { workspaceId: record.workspaceId, actorType: 'system', action: 'dead_letter.closed', subjectType: 'dead_letter', subjectId: letter.id, details: { reason: CLOSED_BY_CLEAN_SYNC_NOTE, sourceUpdatedAt: record.sourceUpdatedAt } }, now);
    closed.push(letter.id);
  }
  return closed;
}
