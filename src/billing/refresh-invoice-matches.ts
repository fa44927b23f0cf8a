import type { Queryable } from '../store/store.js';
import type { BillingConfig } from '../config/billing-config.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { listClientNames } from '../store/staff-console/list-client-names.js';
import { listClientInvoiceMatches } from '../store/invoice-matches/list-client-invoice-matches.js';
import { deleteClientInvoiceMatches } from '../store/invoice-matches/delete-client-invoice-matches.js';
import { upsertInvoiceMatches, type InvoiceMatchRow } from '../store/invoice-matches/upsert-invoice-matches.js';
import { listOpenInvoiceMatchReviews } from '../store/billing/list-open-invoice-match-reviews.js';
import { insertInvoiceMatchReview } from '../store/billing/insert-invoice-match-review.js';
import { updateInvoiceMatchReviewEvidence } from '../store/billing/update-invoice-match-review-evidence.js';
import { updateInvoiceMatchReviewWithdrawn } from '../store/billing/update-invoice-match-review-withdrawn.js';
import { loadMatchableInvoices, loadMatchDecisions } from './load-matchable-invoices.js';
import { matchInvoices, type MatchDoubt } from './match-invoices.js';

export interface RefreshSummary {
  groups: number;
  matched: number;
  reviewsOpened: number;
  reviewsWithdrawn: number;
}

/**
 * Recomputes which invoices of these clients (every client of the workspace when none are named)
 * are one bill, from the cache and staff decisions, and keeps the review queue in step: a doubt
 * opens (or refreshes) a review; a review whose doubt is gone is withdrawn. Run inside the write
 * transaction that changed the invoices (`q`), so the portal never counts a bill twice in between.
 */
export async function refreshInvoiceMatches(q: Queryable, workspaceId: number, config: Pick<BillingConfig, 'systemOfRecord' | 'billingRoles' | 'matchToleranceDays'>, clientIds?: number[], now = Date.now()): Promise<RefreshSummary> {
  const clients = clientIds ? [...new Set(clientIds)] : [...(await listClientNames(q, workspaceId)).keys()].sort((a, b) => a - b);
  const summary: RefreshSummary = { groups: 0, matched: 0, reviewsOpened: 0, reviewsWithdrawn: 0 };
  if (clients.length === 0) return summary;
  const result = matchInvoices(await loadMatchableInvoices(q, workspaceId, clients), await loadMatchDecisions(q, workspaceId), config);

  const before = new Map<number, number>();
  for (const clientId of clients) {
    for (const [recordId, groupId] of await listClientInvoiceMatches(q, clientId)) before.set(recordId, groupId);
  }
  await deleteClientInvoiceMatches(q, clients);
  const rows: InvoiceMatchRow[] = [];
  for (const group of result.groups) {
    summary.groups++;
    for (const memberId of group.memberIds) {
      const edge = group.edges.find((e) => e.a === memberId || e.b === memberId);
      const isPrimary = memberId === group.primaryId;
      rows.push({ recordId: memberId, workspaceId, clientId: group.clientId, groupId: group.primaryId, method: isPrimary ? 'system_of_record' : (edge?.method ?? 'manual'), confidence: isPrimary ? 1 : (edge?.confidence ?? 1), detail: JSON.stringify({ evidence: group.edges.map((e) => e.detail) }) });
      summary.matched++;
      if (before.get(memberId) !== group.primaryId) {
        await insertAuditEntry(q, { workspaceId, actorType: 'system', action: 'invoice.matched', subjectType: 'record', subjectId: memberId, clientId: group.clientId, details: { shownAs: group.primaryId, members: group.memberIds, evidence: group.edges.map((e) => `${e.method}: ${e.detail}`) } }, now);
      }
      before.delete(memberId);
    }
  }
  await upsertInvoiceMatches(q, rows, now);
  for (const [recordId, groupId] of before) {
    await insertAuditEntry(q, { workspaceId, actorType: 'system', action: 'invoice.unmatched', subjectType: 'record', subjectId: recordId, details: { wasShownAs: groupId } }, now);
  }
  await syncReviews(q, workspaceId, clients, result.doubts, summary, now);
  return summary;
}

async function syncReviews(q: Queryable, workspaceId: number, clients: number[], doubts: MatchDoubt[], summary: RefreshSummary, now: number): Promise<void> {
  const wanted = new Map(doubts.map((d) => [`${Math.min(d.a, d.b)}:${Math.max(d.a, d.b)}`, d]));
  for (const row of await listOpenInvoiceMatchReviews(q, clients)) {
    const key = `${row.recordA}:${row.recordB}`;
    const doubt = wanted.get(key);
    if (!doubt) {
      await updateInvoiceMatchReviewWithdrawn(q, row.id, now);
      summary.reviewsWithdrawn++;
      continue;
    }
    if (row.reason !== doubt.reason || row.evidence !== JSON.stringify(doubt.evidence)) await updateInvoiceMatchReviewEvidence(q, row.id, doubt, now);
    wanted.delete(key);
  }
  for (const [key, doubt] of wanted) {
    const [a, b] = key.split(':').map(Number) as [number, number];
    await insertInvoiceMatchReview(q, { workspaceId, clientId: doubt.clientId, recordA: a, recordB: b, reason: doubt.reason, evidence: doubt.evidence }, now);
    summary.reviewsOpened++;
  }
}
