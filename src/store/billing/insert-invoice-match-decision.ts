import type { Queryable } from '../store.js';

/** Records a staff decision on a pair (smaller record id first). A second one on the same pair fails (primary key). */
export async function insertInvoiceMatchDecision(
  q: Queryable,
  decision: { workspaceId: number; recordA: number; recordB: number; decision: 'same' | 'different'; decidedBy: string },
  now = Date.now(),
): Promise<void> {
  await q
    .insertInto('invoice_match_decisions')
    .values({ record_a: decision.recordA, record_b: decision.recordB, workspace_id: decision.workspaceId, decision: decision.decision, decided_by: decision.decidedBy, decided_at: now })
    .execute();
}
