import type { Queryable } from '../store.js';

export interface InvoiceMatchDecisionRow {
  recordA: number;
  recordB: number;
  decision: 'same' | 'different';
}

/** Every staff decision on a pair of invoices in the workspace (final: matching never overrides one). */
export async function listInvoiceMatchDecisions(q: Queryable, workspaceId: number): Promise<InvoiceMatchDecisionRow[]> {
  const rows = await q.selectFrom('invoice_match_decisions').select(['record_a', 'record_b', 'decision']).where('workspace_id', '=', workspaceId).orderBy('record_a').orderBy('record_b').execute();
  return rows.map((row) => ({ recordA: row.record_a, recordB: row.record_b, decision: row.decision as InvoiceMatchDecisionRow['decision'] }));
}
