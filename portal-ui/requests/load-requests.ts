import type { Queryable } from '../../src/store/store.js';
import type { Request, RequestMessage } from '../../src/model/unified-model.js';
import type { ActionStatus } from '../../src/outbox/portal-action.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';
import { listClientRecords, findClientRecord } from '../../src/records/client-records.js';
import { listConnectionRecords } from '../../src/store/records/list-connection-records.js';

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

/**
 * The client's requests: the CRM's records (tickets, cases), newest first, and before them the ones
 * the client opened that the CRM does not hold yet — pending, or not delivered (staff were told).
 * An action whose created object has synced shows only as the record.
 */
export async function listRequests(q: Queryable, clientId: number): Promise<RequestListItem[]> {
  const rows = await listClientRecords(q, clientId, 'request');
  const synced = new Set(rows.map((row) => `${row.connectionId}:${row.externalId}`));
  const opened: RequestListItem[] = (await listClientActions(q, clientId, { operation: 'createRequest' }))
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
    const data: Request = row.data;
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
export async function loadRequest(q: Queryable, clientId: number, recordId: number): Promise<RequestDetail | null> {
  const row = await findClientRecord(q, clientId, 'request', recordId);
  if (!row) return null;
  // The messages of the request's own connection (the request is this client's), matched to it by its provider id.
  const connectionMessages = await listConnectionRecords(q, row.connectionId, 'request_message');
  const messages = connectionMessages
    .map((message) => ({ ...(JSON.parse(message.data) as RequestMessage), recordId: message.id }))
    .filter((message) => message.requestExternalId === row.externalId)
    .sort((a, b) => (a.postedAt ?? '').localeCompare(b.postedAt ?? ''));
  const synced = new Set(connectionMessages.map((m) => m.external_id));
  const pendingReplies = (await listClientActions(q, clientId, { operation: 'addRequestMessage' }))
    .filter((action) => action.connectionId === row.connectionId && action.payload.requestExternalId === row.externalId)
    .filter((action) => !(action.status === 'done' && action.resultExternalId !== null && synced.has(action.resultExternalId)))
    .reverse()
    .map((action) => ({ body: String(action.payload.body ?? ''), authorName: String(action.payload.authorName ?? ''), status: action.status }));
  return { recordId: row.id, request: row.data, provider: row.provider, messages, pendingReplies };
}
