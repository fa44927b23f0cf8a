import type { Queryable } from '../store.js';

/** The staff decision on one pair (smaller record id first), or undefined when nobody decided yet. */
export async function findInvoiceMatchDecision(q: Queryable, recordA: number, recordB: number): Promise<{ decision: string; decidedBy: string } | undefined> {
  return q.selectFrom('invoice_match_decisions').select(['decision', 'decided_by as decidedBy']).where('record_a', '=', recordA).where('record_b', '=', recordB).executeTakeFirst();
}
