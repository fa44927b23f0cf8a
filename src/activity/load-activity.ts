import type { Queryable } from '../store/store.js';
import { listClientChanges, type ClientChangeRow } from '../store/records/list-client-changes.js';
import { listClientRecords } from '../records/client-records.js';
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
export async function loadActivity(q: Queryable, clientId: number, role: string, page: number): Promise<ActivityPage> {
  const kinds = visibleKinds(role).filter((kind) => DESCRIBED_KINDS.has(kind));
  if (kinds.length === 0) return { entries: [], page: 1, hasNewer: false, hasOlder: false };
  const offset = (page - 1) * ACTIVITY_PAGE_SIZE;
  const rows = await tellableChanges(q, clientId, kinds, { skip: offset, take: ACTIVITY_PAGE_SIZE + 1 });
  const names = invoiceNames(q, clientId);
  const entries = await Promise.all(rows.slice(0, ACTIVITY_PAGE_SIZE).map((row) => toEntry(row, names)));
  return { entries, page, hasNewer: page > 1, hasOlder: rows.length > ACTIVITY_PAGE_SIZE };
}

/**
 * The same timeline, limited to changes after one record_changes id and up to another: what an email
 * digest tells (notifications/send-notification-digests.ts), with exactly the activity page's filters.
 */
export async function loadActivitySince(q: Queryable, clientId: number, role: string, afterChangeId: number, throughChangeId: number, limit: number): Promise<{ entries: ActivityEntry[]; more: boolean }> {
  const kinds = visibleKinds(role).filter((kind) => DESCRIBED_KINDS.has(kind));
  if (kinds.length === 0 || throughChangeId <= afterChangeId) return { entries: [], more: false };
  const rows = await tellableChanges(q, clientId, kinds, { skip: 0, take: limit + 1, afterChangeId, throughChangeId });
  const names = invoiceNames(q, clientId);
  return { entries: await Promise.all(rows.slice(0, limit).map((row) => toEntry(row, names))), more: rows.length > limit };
}

/** How many logged changes are read per round while looking for ones a client may be told about. */
const SCAN_BATCH = 200;

/**
 * One client's changes of the given kinds that a client may be told about, newest first: `take` of
 * them after skipping `skip`. The store returns the client's logged changes (src/store/records); the
 * rules that read the record's data are applied here — a task only while client-visible, an invoice
 * never as a draft, a deal only when won and only its latest logged change — reading on in batches
 * until enough are found.
 */
async function tellableChanges(
  q: Queryable,
  clientId: number,
  kinds: RecordKind[],
  window: { skip: number; take: number; afterChangeId?: number; throughChangeId?: number },
): Promise<ChangeRow[]> {
  const found: ChangeRow[] = [];
  let skipped = 0;
  for (let offset = 0; ; offset += SCAN_BATCH) {
    const batch = await listClientChanges(q, clientId, kinds, { afterChangeId: window.afterChangeId, throughChangeId: window.throughChangeId, limit: SCAN_BATCH, offset });
    for (const row of batch) {
      if (!tellable(row)) continue;
      if (skipped < window.skip) skipped += 1;
      else found.push(row as ChangeRow);
      if (found.length === window.take) return found;
    }
    if (batch.length < SCAN_BATCH) return found;
  }
}

function tellable(row: ClientChangeRow): boolean {
  const data = JSON.parse(row.data) as Record<string, unknown>;
  switch (row.kind) {
    case 'task':
      return data.clientVisible === true;
    case 'invoice':
      return data.status != null && data.status !== 'draft';
    case 'deal':
      return data.isWon === true && row.changeVersion === row.version;
    default:
      return true;
  }
}

/**
 * The names of the client's invoices a client may see (not drafts), by connection and provider id,
 * read once per page and only if a payment needs them: a payment's sentence names what it paid.
 */
type InvoiceNames = (connectionId: number, externalId: string) => Promise<string | undefined>;

function invoiceNames(q: Queryable, clientId: number): InvoiceNames {
  let names: Promise<Map<string, string>> | null = null;
  return async (connectionId, externalId) => {
    names ??= listClientRecords(q, clientId, 'invoice').then(
      (invoices) => new Map(invoices.filter((invoice) => invoice.data.status != null && invoice.data.status !== 'draft').map((invoice) => [`${invoice.connectionId}\u0000${invoice.externalId}`, invoiceName(invoice.data)])),
    );
    return (await names).get(`${connectionId}\u0000${externalId}`);
  };
}

async function toEntry(row: ChangeRow, names: InvoiceNames): Promise<ActivityEntry> {
  const latest = row.changeVersion === row.version;
  // A payment's sentence names the invoices it paid: their names are read once, only when one is told.
  const named = row.kind === 'payment' ? await paidInvoiceNames(row, names) : new Map<string, string>();
  return {
    changeId: row.changeId,
    at: row.at,
    kind: row.kind,
    provider: row.provider,
    sentence: describeChange(row, latest, (externalId) => named.get(externalId)),
    href: HREFS[row.kind]?.(row.recordId) ?? null,
    happenedAt: sourceDateOf(row, latest),
  };
}

async function paidInvoiceNames(row: ChangeRow, names: InvoiceNames): Promise<Map<string, string>> {
  const payment = JSON.parse(row.data) as Payment;
  const ids = new Set([...payment.invoiceExternalIds, ...(payment.creditAllocations ?? []).map((credit) => credit.invoiceExternalId)]);
  const named = new Map<string, string>();
  for (const externalId of ids) {
    const name = await names(row.connectionId, externalId);
    if (name !== undefined) named.set(externalId, name);
  }
  return named;
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
