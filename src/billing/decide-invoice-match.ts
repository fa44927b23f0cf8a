import type { Store } from '../store/store.js';
import type { BillingConfig } from '../config/billing-config.js';
import { actorLabel, type StaffActor } from '../identity/staff-actor.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { listRecordsByIds } from '../store/billing/list-records-by-ids.js';
import { findInvoiceMatchDecision } from '../store/billing/find-invoice-match-decision.js';
import { findInvoiceMatchReview } from '../store/billing/find-invoice-match-review.js';
import { insertInvoiceMatchDecision } from '../store/billing/insert-invoice-match-decision.js';
import { updateInvoiceMatchReviewsResolved } from '../store/billing/update-invoice-match-reviews-resolved.js';
import { refreshInvoiceMatches } from './refresh-invoice-matches.js';
import { pairOf } from './matchable-invoice.js';

/**
 * Staff say whether two invoices are the same bill. The decision is final — no sync, rule or
 * later evidence changes it, and a second decision on the same pair is refused — and it is
 * audited in the same transaction that applies it (serializable: the check and the write never
 * interleave with another process's decision).
 */
export async function decideInvoiceMatch(
  store: Pick<Store, 'transaction'>,
  input: { workspaceId: number; recordA: number; recordB: number; decision: 'same' | 'different'; actor: StaffActor; config: Pick<BillingConfig, 'systemOfRecord' | 'billingRoles' | 'matchToleranceDays'>; reviewId?: number },
  now = Date.now(),
): Promise<void> {
  const [a, b] = pairOf(input.recordA, input.recordB);
  await store.transaction(async (tx) => {
    if (a === b) throw new Error('Choose two different invoices');
    const records = await listRecordsByIds(tx, [a, b]);
    const rows = [...records.values()].filter((r) => r.workspaceId === input.workspaceId && r.deleted === 0);
    if (rows.length !== 2 || rows.some((r) => r.kind !== 'invoice')) throw new Error(`Records ${a} and ${b} are not both live invoices of this workspace`);
    const [first, second] = rows as [(typeof rows)[0], (typeof rows)[0]];
    if (first.clientId === null || first.clientId !== second.clientId) throw new Error('Only invoices of one client can be the same bill');
    if (input.decision === 'same' && first.connectionId === second.connectionId) throw new Error('Two invoices from one system are two bills');
    const existing = await findInvoiceMatchDecision(tx, a, b);
    if (existing) throw new Error(`Already decided (${existing.decision}, by ${existing.decidedBy}): staff decisions are final`);
    if (input.reviewId !== undefined) {
      const review = await findInvoiceMatchReview(tx, input.workspaceId, input.reviewId);
      if (!review || review.recordA !== a || review.recordB !== b) throw new Error(`No review ${input.reviewId} for these invoices`);
      if (review.status !== 'open') throw new Error(`Review ${input.reviewId} is already ${review.status}`);
    }
    const decidedBy = actorLabel(input.actor);
    await insertInvoiceMatchDecision(tx, { workspaceId: input.workspaceId, recordA: a, recordB: b, decision: input.decision, decidedBy }, now);
    await updateInvoiceMatchReviewsResolved(tx, { recordA: a, recordB: b }, { resolution: input.decision === 'same' ? 'same bill' : 'different bills', resolvedBy: decidedBy }, now);
    await insertAuditEntry(tx, { workspaceId: input.workspaceId, actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: 'invoice_match.decided', subjectType: 'record', subjectId: a, clientId: first.clientId, details: { recordA: a, recordB: b, decision: input.decision, reviewId: input.reviewId ?? null } }, now);
    await refreshInvoiceMatches(tx, input.workspaceId, input.config, [first.clientId], now);
  }, { isolation: 'serializable' });
}
