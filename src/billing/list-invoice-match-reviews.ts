import type { Queryable } from '../store/store.js';
import { listInvoiceMatchReviewRows } from '../store/billing/list-invoice-match-review-rows.js';
import { listRecordsByIds } from '../store/billing/list-records-by-ids.js';
import type { Invoice } from '../model/unified-model.js';

export interface ReviewedInvoice {
  recordId: number;
  provider: string;
  externalId: string;
  number: string | null;
  status: string;
  currency: string;
  totalMinor: number;
  amountDueMinor: number;
  issueDate: string | null;
  dueDate: string | null;
}

export interface InvoiceMatchReviewView {
  id: number;
  clientId: number;
  clientName: string;
  reason: 'conflict' | 'suggestion';
  evidence: string[];
  createdAt: number;
  a: ReviewedInvoice;
  b: ReviewedInvoice;
}

/** Open questions "are these two invoices one bill?", with both invoices as staff need to judge them. */
export async function listInvoiceMatchReviews(q: Queryable, workspaceId: number, limit = 200): Promise<InvoiceMatchReviewView[]> {
  const rows = await listInvoiceMatchReviewRows(q, workspaceId, limit);
  const records = await listRecordsByIds(q, rows.flatMap((row) => [row.recordA, row.recordB]));
  const describe = (id: number): ReviewedInvoice => {
    const row = records.get(id);
    if (!row) throw new Error(`invoice match review names record ${id}, which does not exist`);
    const data = JSON.parse(row.data) as Invoice;
    return { recordId: row.id, provider: row.provider, externalId: row.externalId, number: data.number, status: data.status, currency: data.currency, totalMinor: data.totalMinor, amountDueMinor: data.amountDueMinor, issueDate: data.issueDate, dueDate: data.dueDate };
  };
  return rows.map((row) => ({
    id: row.id,
    clientId: row.clientId,
    clientName: row.clientName,
    reason: row.reason as InvoiceMatchReviewView['reason'],
    evidence: JSON.parse(row.evidence) as string[],
    createdAt: row.createdAt,
    a: describe(row.recordA),
    b: describe(row.recordB),
  }));
}
