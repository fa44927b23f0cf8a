import type { Db } from '../db/open-database.js';
import type { Deal, Invoice, Payment, Project, RecordKind, Request, RequestMessage, Task } from '../model/unified-model.js';
import { visibleKinds } from '../portal-access/portal-permissions.js';
import { formatMoney } from '../model/format-money.js';
import { shareOf } from '../model/payment-share.js';

export const ACTIVITY_PAGE_SIZE = 20;

export interface ActivityEntry {
  changeId: number;
  at: number;
  kind: RecordKind;
  provider: string;
  sentence: string;
  /** The record's own page, when it has one. */
  href: string | null;
  /**
   * When it happened at the source — the invoice's issue day, the payment's date, the milestone's
   * completion, the deal's won day — an ISO day or instant; null when the source dates nothing and
   * the entry can only say when the hub learnt of it (`at`).
   */
  happenedAt: string | null;
}

export interface ActivityPage {
  entries: ActivityEntry[];
  page: number;
  hasNewer: boolean;
  hasOlder: boolean;
}

interface ChangeRow {
  changeId: number;
  change: 'created' | 'updated';
  changeVersion: number;
  at: number;
  recordId: number;
  connectionId: number;
  kind: RecordKind;
  provider: string;
  version: number;
  data: string;
}

/**
 * The client's timeline, newest first, from record_changes joined to the client's live records, and
 * only of kinds the role may see. What is filtered out never reaches a sentence: tasks the business
 * keeps internal, draft invoices, deals not won, deletions. record_changes keeps no snapshot of
 * earlier versions, so only a record's latest change can say what it changed into ("paid in full");
 * earlier changes of the same record read as a plain update. "Latest" is the newest *logged* change:
 * a re-map bumps a record's version without logging one, and must not hide a won deal.
 */
export function loadActivity(db: Db, clientId: number, role: string, page: number): ActivityPage {
  const kinds = visibleKinds(role).filter((kind) => DESCRIBED_KINDS.has(kind));
  if (kinds.length === 0) return { entries: [], page: 1, hasNewer: false, hasOlder: false };
  const offset = (page - 1) * ACTIVITY_PAGE_SIZE;
  const rows = db
    .prepare(`${selectChanges(kinds)} ORDER BY rc.at DESC, rc.id DESC LIMIT ? OFFSET ?`)
    .all(clientId, ...kinds, ACTIVITY_PAGE_SIZE + 1, offset) as ChangeRow[];
  const names = invoiceNames(db, clientId);
  const entries = rows.slice(0, ACTIVITY_PAGE_SIZE).map((row) => toEntry(row, names));
  return { entries, page, hasNewer: page > 1, hasOlder: rows.length > ACTIVITY_PAGE_SIZE };
}

/**
 * The same timeline, limited to changes after one record_changes id and up to another: what an email
 * digest tells (notifications/send-notification-digests.ts), with exactly the activity page's filters.
 */
export function loadActivitySince(db: Db, clientId: number, role: string, afterChangeId: number, throughChangeId: number, limit: number): { entries: ActivityEntry[]; more: boolean } {
  const kinds = visibleKinds(role).filter((kind) => DESCRIBED_KINDS.has(kind));
  if (kinds.length === 0 || throughChangeId <= afterChangeId) return { entries: [], more: false };
  const rows = db
    .prepare(`${selectChanges(kinds)} AND rc.id > ? AND rc.id <= ? ORDER BY rc.at DESC, rc.id DESC LIMIT ?`)
    .all(clientId, ...kinds, afterChangeId, throughChangeId, limit + 1) as ChangeRow[];
  const names = invoiceNames(db, clientId);
  return { entries: rows.slice(0, limit).map((row) => toEntry(row, names)), more: rows.length > limit };
}

/** One client's changes of the given kinds that a client may be told about (parameters: client id, then the kinds). */
function selectChanges(kinds: RecordKind[]): string {
  return `SELECT rc.id AS changeId, rc.change, rc.version AS changeVersion, rc.at, r.id AS recordId, r.connection_id AS connectionId, r.kind, r.provider, r.data,
              (SELECT MAX(m.version) FROM record_changes m WHERE m.record_id = r.id) AS version
       FROM records r JOIN record_changes rc ON rc.record_id = r.id
       WHERE r.client_id = ? AND r.deleted = 0 AND rc.change != 'deleted'
         AND r.kind IN (${kinds.map(() => '?').join(',')})
         AND (r.kind != 'task' OR json_extract(r.data, '$.clientVisible') = 1)
         AND (r.kind != 'invoice' OR json_extract(r.data, '$.status') != 'draft')
         -- A copy of a bill kept in another system (src/billing) is told once, by the copy shown.
         AND (r.kind != 'invoice' OR NOT EXISTS (SELECT 1 FROM invoice_matches im WHERE im.record_id = r.id AND im.group_id != r.id))
         AND (r.kind != 'deal' OR (json_extract(r.data, '$.isWon') = 1 AND rc.version = (SELECT MAX(m.version) FROM record_changes m WHERE m.record_id = r.id)))`;
}

/**
 * The names of the client's invoices a client may see (not drafts), by connection and provider id,
 * read once per page and only if a payment needs them: a payment's sentence names what it paid.
 */
type InvoiceNames = (connectionId: number, externalId: string) => string | undefined;

function invoiceNames(db: Db, clientId: number): InvoiceNames {
  let names: Map<string, string> | null = null;
  return (connectionId, externalId) => {
    names ??= new Map(
      (db
        .prepare(`SELECT connection_id AS connectionId, external_id AS externalId, data FROM records WHERE client_id = ? AND kind = 'invoice' AND deleted = 0 AND json_extract(data, '$.status') != 'draft'`)
        .all(clientId) as { connectionId: number; externalId: string; data: string }[]).map((row) => [`${row.connectionId}\u0000${row.externalId}`, invoiceName(JSON.parse(row.data) as Invoice)]),
    );
    return names.get(`${connectionId}\u0000${externalId}`);
  };
}

function toEntry(row: ChangeRow, names: InvoiceNames): ActivityEntry {
  const latest = row.changeVersion === row.version;
  return {
    changeId: row.changeId,
    at: row.at,
    kind: row.kind,
    provider: row.provider,
    sentence: describeChange(row, latest, (externalId) => names(row.connectionId, externalId)),
    href: HREFS[row.kind]?.(row.recordId) ?? null,
    happenedAt: sourceDateOf(row, latest),
  };
}

/** The source's own date of what the sentence tells, when the source has one. */
function sourceDateOf(row: ChangeRow, latest: boolean): string | null {
  const data = JSON.parse(row.data) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
  switch (row.kind) {
    case 'invoice':
      return row.change === 'created' ? text(data.issueDate) : null;
    case 'payment':
      return row.change === 'created' ? text(data.paidAt) : null;
    case 'task':
      return latest && data.completed === true ? text(data.completedAt) : null;
    case 'deal': {
      // A close date still ahead is an expected date, not when it was won.
      const close = text(data.closeDate);
      return close && close.slice(0, 10) <= new Date(row.at).toISOString().slice(0, 10) ? close : null;
    }
    default:
      return null;
  }
}

type Describe<T> = (data: T, change: 'created' | 'updated', latest: boolean) => string;

function invoiceName(invoice: Invoice): string {
  return invoice.number ? `Invoice ${invoice.number}` : 'An invoice';
}

const describeInvoice: Describe<Invoice> = (invoice, change, latest) => {
  const name = invoiceName(invoice);
  if (change === 'created') return `${name} was issued for ${formatMoney(invoice.totalMinor, invoice.currency)}`;
  if (!latest) return `${name} was updated`;
  switch (invoice.status) {
    case 'paid': return `${name} was paid in full`;
    case 'partially_paid': return `${name} was partly paid; ${formatMoney(invoice.amountDueMinor, invoice.currency)} is still due`;
    case 'void': return `${name} was voided`;
    case 'overdue': return `${name} is overdue; ${formatMoney(invoice.amountDueMinor, invoice.currency)} is due`;
    default: return `${name} was updated`;
  }
};

/**
 * A new payment names the invoices it paid, with each one's share (its allocation) when it paid
 * several or only part of one; invoices the client cannot see (drafts, another client's) are left out.
 */
function describePayment(payment: Payment, change: 'created' | 'updated', latest: boolean, nameOf: (externalId: string) => string | undefined): string {
  const amount = formatMoney(payment.amountMinor, payment.currency);
  if (latest && payment.refundedMinor > 0 && change === 'updated') return `${formatMoney(payment.refundedMinor, payment.currency)} of your payment of ${amount} was refunded`;
  if (change !== 'created') return `Your payment of ${amount} was updated`;
  // QuickBooks applies a credit memo through a payment of nothing: that is credit, not money received.
  const credits = (payment.creditAllocations ?? []).filter((credit) => nameOf(credit.invoiceExternalId) !== undefined);
  if (payment.amountMinor === 0 && credits.length > 0) {
    return `Credit of ${formatMoney(credits.reduce((sum, c) => sum + c.amountMinor, 0), payment.currency)} applied to ${listOf([...new Set(credits.map((c) => nameOf(c.invoiceExternalId)!))])}`;
  }
  const paid = payment.invoiceExternalIds
    .map((externalId) => ({ name: nameOf(externalId), share: shareOf(payment, externalId) }))
    .filter((item): item is { name: string; share: number | null } => item.name !== undefined && item.share !== 0);
  if (paid.length === 0) return `Payment of ${amount} received`;
  const parts = paid.map(({ name, share }) => (share === null || (paid.length === 1 && share === payment.amountMinor) ? name : `${name} (${formatMoney(share, payment.currency)})`));
  return `Payment of ${amount} received for ${listOf(parts)}`;
}

function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

const describeTask: Describe<Task> = (task, change, latest) => {
  const what = task.isMilestone ? 'Milestone' : 'Task';
  if (latest && task.completed) return `${what} “${task.name}” was completed`;
  if (change === 'created') return `${what} “${task.name}” was added`;
  return `${what} “${task.name}” was updated`;
};

const describeProject: Describe<Project> = (project, change, latest) => {
  if (change === 'created') return `Project “${project.name}” was set up`;
  if (latest && project.statusColor === 'complete') return `Project “${project.name}” was completed`;
  if (latest && project.statusText) return `Project “${project.name}” status: ${project.statusText}`;
  return `Project “${project.name}” was updated`;
};

const describeDeal: Describe<Deal> = (deal) =>
  deal.amountMinor != null && deal.currency ? `“${deal.name}” was won (${formatMoney(deal.amountMinor, deal.currency)})` : `“${deal.name}” was won`;

const describeRequest: Describe<Request> = (request, change, latest) => {
  if (change === 'created') return `Request “${request.subject}” was received${request.number ? ` (number ${request.number})` : ''}`;
  if (latest && request.isClosed) return `Request “${request.subject}” was closed`;
  return `Request “${request.subject}” is now: ${request.statusLabel ?? 'updated'}`;
};

/** Replies on requests (issue 16): only visible ones are ever stored, so each can be told. */
const describeRequestMessage: Describe<RequestMessage> = (message, change) => {
  const excerpt = message.body.length > 80 ? `${message.body.slice(0, 79)}…` : message.body;
  if (change !== 'created') return 'A reply on a request was edited';
  return message.fromClient ? `Your message on a request was received: “${excerpt}”` : `${message.authorName ?? 'Your team'} replied on a request: “${excerpt}”`;
};

/** The kinds the timeline tells about; companies, contacts and team members are not events for a client. */
const DESCRIBED_KINDS: ReadonlySet<RecordKind> = new Set(['invoice', 'payment', 'task', 'project', 'deal', 'request', 'request_message']);

function describeChange(row: ChangeRow, latest: boolean, nameOf: (externalId: string) => string | undefined): string {
  const data: unknown = JSON.parse(row.data);
  switch (row.kind) {
    case 'invoice': return describeInvoice(data as Invoice, row.change, latest);
    case 'payment': return describePayment(data as Payment, row.change, latest, nameOf);
    case 'task': return describeTask(data as Task, row.change, latest);
    case 'project': return describeProject(data as Project, row.change, latest);
    case 'deal': return describeDeal(data as Deal, row.change, latest);
    case 'request': return describeRequest(data as Request, row.change, latest);
    case 'request_message': return describeRequestMessage(data as RequestMessage, row.change, latest);
    default: return 'A record was updated';
  }
}

const HREFS: Partial<Record<RecordKind, (id: number) => string>> = {
  invoice: (id) => `/invoices/${id}`,
  project: (id) => `/projects/${id}`,
  deal: (id) => `/deals/${id}`,
  request: (id) => `/requests/${id}`,
};
