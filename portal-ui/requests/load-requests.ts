import type { Db } from '../../src/db/open-database.js';
import type { Request, RequestMessage } from '../../src/model/unified-model.js';
import { listClientActions, type ActionStatus } from '../../src/outbox/action-repository.js';

export interface RequestListItem {
  /** The synced record's id (its page), or null for one still on its way to the CRM. */
  recordId: number | null;
  subject: string;
  number: string | null;
  statusLabel: string;
  isClosed: boolean;
  /** pending: not yet in the CRM; failed: not delivered, staff told; null: the CRM's own record. */
  delivery: Exclude<ActionStatus, 'done'> | 'received' | null;
  updatedAt: string | null;
  provider: string | null;
}

interface RecordRow {
  id: number;
  connection_id: number;
  external_id: string;
  provider: string;
  data: string;
}

/**
 * The client's requests: the CRM's records (tickets, cases), newest first, and before them the ones
 * the client opened that the CRM does not hold yet — pending, or not delivered (staff were told).
 * An action whose created object has synced shows only as the record.
 */
export function listRequests(db: Db, clientId: number): RequestListItem[] {
  const rows = db.prepare(`SELECT id, connection_id, external_id, provider, data FROM records WHERE client_id = ? AND kind = 'request' AND deleted = 0`).all(clientId) as RecordRow[];
  const synced = new Set(rows.map((row) => `${row.connection_id}:${row.external_id}`));
  const opened: RequestListItem[] = listClientActions(db, clientId, { operation: 'createRequest' })
    .filter((action) => !(action.status === 'done' && synced.has(`${action.connectionId}:${action.resultExternalId}`)))
    .map((action) => ({
      recordId: null,
      subject: String(action.payload.subject ?? ''),
      number: null,
      statusLabel: action.status === 'failed' ? 'Not delivered yet' : action.status === 'pending' ? 'Sending' : 'Received',
      isClosed: false,
      delivery: action.status === 'done' ? 'received' : action.status,
      updatedAt: new Date(action.updatedAt).toISOString(),
      provider: null,
    }));
  const records: RequestListItem[] = rows.map((row) => {
    const data = JSON.parse(row.data) as Request;
    return { recordId: row.id, subject: data.subject, number: data.number, statusLabel: data.statusLabel ?? (data.isClosed ? 'Closed' : 'Open'), isClosed: data.isClosed, delivery: null, updatedAt: data.updatedAt ?? data.openedAt, provider: row.provider };
  });
  records.sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  return [...opened, ...records];
}

export interface RequestDetail {
  recordId: number;
  request: Request;
  provider: string;
  /** Only messages the CRM marks visible to the customer are ever synced (README "Visibility rules"). */
  messages: (RequestMessage & { recordId: number })[];
  /** The client's replies not in the CRM's thread yet: sending, or not delivered (staff told). */
  pendingReplies: { body: string; authorName: string; status: 'pending' | 'failed' | 'done' }[];
}

/** One of the client's own requests with its visible thread; null for another client's or a deleted one. */
export function loadRequest(db: Db, clientId: number, recordId: number): RequestDetail | null {
  const row = db.prepare(`SELECT id, connection_id, external_id, provider, data FROM records WHERE id = ? AND client_id = ? AND kind = 'request' AND deleted = 0`).get(recordId, clientId) as RecordRow | undefined;
  if (!row) return null;
  const messages = (
    db
      .prepare(`SELECT id, data FROM records WHERE connection_id = ? AND kind = 'request_message' AND deleted = 0 AND json_extract(data, '$.requestExternalId') = ?`)
      .all(row.connection_id, row.external_id) as { id: number; data: string }[]
  )
    .map((message) => ({ ...(JSON.parse(message.data) as RequestMessage), recordId: message.id }))
    .sort((a, b) => (a.postedAt ?? '').localeCompare(b.postedAt ?? ''));
  const synced = new Set(
    (db.prepare(`SELECT external_id FROM records WHERE connection_id = ? AND kind = 'request_message' AND deleted = 0`).all(row.connection_id) as { external_id: string }[]).map((m) => m.external_id),
  );
  const pendingReplies = listClientActions(db, clientId, { operation: 'addRequestMessage' })
    .filter((action) => action.connectionId === row.connection_id && action.payload.requestExternalId === row.external_id)
    .filter((action) => !(action.status === 'done' && action.resultExternalId !== null && synced.has(action.resultExternalId)))
    .reverse()
    .map((action) => ({ body: String(action.payload.body ?? ''), authorName: String(action.payload.authorName ?? ''), status: action.status }));
  return { recordId: row.id, request: JSON.parse(row.data) as Request, provider: row.provider, messages, pendingReplies };
}
