import type { Db } from '../db/open-database.js';
import type { WriteOperationName } from '../connector-kit/connector.js';

export type ActionStatus = 'pending' | 'done' | 'failed';

export interface PortalAction {
  id: number;
  workspaceId: number;
  clientId: number;
  portalUserId: number | null;
  connectionId: number;
  operation: WriteOperationName;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  status: ActionStatus;
  attempts: number;
  resultObjectType: string | null;
  resultExternalId: string | null;
  lastError: string | null;
  deadLetterId: number | null;
  createdAt: number;
  updatedAt: number;
  doneAt: number | null;
}

interface ActionRow {
  id: number;
  workspace_id: number;
  client_id: number;
  portal_user_id: number | null;
  connection_id: number;
  operation: WriteOperationName;
  idempotency_key: string;
  payload: string;
  status: ActionStatus;
  attempts: number;
  result_object_type: string | null;
  result_external_id: string | null;
  last_error: string | null;
  dead_letter_id: number | null;
  created_at: number;
  updated_at: number;
  done_at: number | null;
}

function toAction(row: ActionRow): PortalAction {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    clientId: row.client_id,
    portalUserId: row.portal_user_id,
    connectionId: row.connection_id,
    operation: row.operation,
    idempotencyKey: row.idempotency_key,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    status: row.status,
    attempts: row.attempts,
    resultObjectType: row.result_object_type,
    resultExternalId: row.result_external_id,
    lastError: row.last_error,
    deadLetterId: row.dead_letter_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    doneAt: row.done_at,
  };
}

/** What a caller gives to queue an action: the rest (status, attempts, times) the repository sets. */
export type NewAction = Pick<PortalAction, 'workspaceId' | 'clientId' | 'portalUserId' | 'connectionId' | 'operation' | 'idempotencyKey' | 'payload'>;

/** Inserts the action, or returns the one already stored under its idempotency key (a form sent twice). */
export function insertAction(db: Db, input: NewAction, now = Date.now()): { action: PortalAction; created: boolean } {
  const existing = findActionByKey(db, input.idempotencyKey);
  if (existing) return { action: existing, created: false };
  const row = db
    .prepare(
      `INSERT INTO portal_actions (workspace_id, client_id, portal_user_id, connection_id, operation, idempotency_key, payload, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(input.workspaceId, input.clientId, input.portalUserId, input.connectionId, input.operation, input.idempotencyKey, JSON.stringify(input.payload), now, now) as ActionRow;
  return { action: toAction(row), created: true };
}

export function getAction(db: Db, id: number): PortalAction | undefined {
  const row = db.prepare('SELECT * FROM portal_actions WHERE id = ?').get(id) as ActionRow | undefined;
  return row ? toAction(row) : undefined;
}

export function findActionByKey(db: Db, key: string): PortalAction | undefined {
  const row = db.prepare('SELECT * FROM portal_actions WHERE idempotency_key = ?').get(key) as ActionRow | undefined;
  return row ? toAction(row) : undefined;
}

/** One client's actions, newest first (the portal shows its own client's only). */
export function listClientActions(db: Db, clientId: number, filter: { operation?: WriteOperationName; status?: ActionStatus[] } = {}): PortalAction[] {
  const rows = db.prepare('SELECT * FROM portal_actions WHERE client_id = ? ORDER BY id DESC').all(clientId) as ActionRow[];
  return rows
    .map(toAction)
    .filter((action) => (!filter.operation || action.operation === filter.operation) && (!filter.status || filter.status.includes(action.status)));
}

/** Actions not yet delivered (pending or failed), for the staff console, newest first. */
export function listUndeliveredActions(db: Db, workspaceId: number): PortalAction[] {
  const rows = db.prepare(`SELECT * FROM portal_actions WHERE status != 'done' AND workspace_id = ? ORDER BY client_id, id DESC`).all(workspaceId) as ActionRow[];
  return rows.map(toAction);
}

/** Pending actions created before `before` (their job may never have been queued: Redis was down). */
export function listStalePendingActions(db: Db, before: number, limit = 100): PortalAction[] {
  const rows = db.prepare(`SELECT * FROM portal_actions WHERE status = 'pending' AND updated_at < ? ORDER BY id LIMIT ?`).all(before, limit) as ActionRow[];
  return rows.map(toAction);
}

export function countAttempt(db: Db, id: number, now = Date.now()): void {
  db.prepare('UPDATE portal_actions SET attempts = attempts + 1, updated_at = ? WHERE id = ?').run(now, id);
}

export function markActionDone(db: Db, id: number, result: { objectType: string; externalId: string }, now = Date.now()): void {
  db.prepare(
    `UPDATE portal_actions SET status = 'done', result_object_type = ?, result_external_id = ?, last_error = NULL, done_at = ?, updated_at = ? WHERE id = ?`,
  ).run(result.objectType, result.externalId, now, now, id);
}

/** A retry that failed for now: the action stays pending, with why. */
export function noteActionError(db: Db, id: number, error: string, now = Date.now()): void {
  db.prepare('UPDATE portal_actions SET last_error = ?, updated_at = ? WHERE id = ?').run(error, now, id);
}

export function markActionFailed(db: Db, id: number, error: string, deadLetterId: number, now = Date.now()): void {
  db.prepare(`UPDATE portal_actions SET status = 'failed', last_error = ?, dead_letter_id = ?, updated_at = ? WHERE id = ?`).run(error, deadLetterId, now, id);
}

/** Staff retry: pending again, attempts counted afresh. */
export function reopenAction(db: Db, id: number, now = Date.now()): void {
  db.prepare(`UPDATE portal_actions SET status = 'pending', attempts = 0, dead_letter_id = NULL, updated_at = ? WHERE id = ?`).run(now, id);
}
