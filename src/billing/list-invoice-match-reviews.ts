import type { Db } from '../db/open-database.js';
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
export function listInvoiceMatchReviews(db: Db, workspaceId: number, limit = 200): InvoiceMatchReviewView[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.client_id, c.name AS client_name, v.reason, v.evidence, v.created_at, v.record_a, v.record_b
         FROM invoice_match_reviews v JOIN clients c ON c.id = v.client_id
        WHERE v.workspace_id = ? AND v.status = 'open' ORDER BY v.created_at, v.id LIMIT ?`,
    )
    .all(workspaceId, limit) as { id: number; client_id: number; client_name: string; reason: 'conflict' | 'suggestion'; evidence: string; created_at: number; record_a: number; record_b: number }[];
  const record = db.prepare('SELECT id, provider, external_id, data FROM records WHERE id = ?');
  const describe = (id: number): ReviewedInvoice => {
    const row = record.get(id) as { id: number; provider: string; external_id: string; data: string };
    const data = JSON.parse(row.data) as Invoice;
    return { recordId: row.id, provider: row.provider, externalId: row.external_id, number: data.number, status: data.status, currency: data.currency, totalMinor: data.totalMinor, amountDueMinor: data.amountDueMinor, issueDate: data.issueDate, dueDate: data.dueDate };
  };
  return rows.map((row) => ({
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    reason: row.reason,
    evidence: JSON.parse(row.evidence) as string[],
    createdAt: row.created_at,
    a: describe(row.record_a),
    b: describe(row.record_b),
  }));
}
