import type { Queryable } from '../store.js';

/** Opens a review of one pair (smaller record id first); returns its id. One open review per pair (unique index). */
export async function insertInvoiceMatchReview(
  q: Queryable,
  review: { workspaceId: number; clientId: number; recordA: number; recordB: number; reason: 'conflict' | 'suggestion'; evidence: string[] },
  now = Date.now(),
): Promise<number> {
  const row = await q
    .insertInto('invoice_match_reviews')
    .values({ workspace_id: review.workspaceId, client_id: review.clientId, record_a: review.recordA, record_b: review.recordB, reason: review.reason, evidence: JSON.stringify(review.evidence), status: 'open', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
