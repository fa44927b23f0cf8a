import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';
import { writeAudit } from '../audit/write-audit.js';
import type { BillingConfig } from '../config/billing-config.js';
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
 * transaction that changed the invoices, so the portal never counts a bill twice in between.
 */
export function refreshInvoiceMatches(db: Db, workspaceId: number, config: Pick<BillingConfig, 'systemOfRecord' | 'billingRoles' | 'matchToleranceDays'>, clientIds?: number[], now = Date.now()): RefreshSummary {
  const clients = clientIds
    ? [...new Set(clientIds)]
    : (db.prepare(`SELECT id FROM clients WHERE workspace_id = ?`).all(workspaceId) as { id: number }[]).map((r) => r.id);
  const summary: RefreshSummary = { groups: 0, matched: 0, reviewsOpened: 0, reviewsWithdrawn: 0 };
  if (clients.length === 0) return summary;
  const result = matchInvoices(loadMatchableInvoices(db, workspaceId, clients), loadMatchDecisions(db, workspaceId), config);

  const before = new Map<number, number>();
  const selectGroups = cachedStatement(db, 'SELECT record_id, group_id FROM invoice_matches WHERE client_id = ?');
  const deleteGroups = cachedStatement(db, 'DELETE FROM invoice_matches WHERE client_id = ?');
  for (const clientId of clients) {
    for (const row of selectGroups.all(clientId) as { record_id: number; group_id: number }[]) before.set(row.record_id, row.group_id);
    deleteGroups.run(clientId);
  }
  const insert = cachedStatement(db, `INSERT OR REPLACE INTO invoice_matches (record_id, workspace_id, client_id, group_id, method, confidence, detail, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const group of result.groups) {
    summary.groups++;
    for (const memberId of group.memberIds) {
      const edge = group.edges.find((e) => e.a === memberId || e.b === memberId);
      const isPrimary = memberId === group.primaryId;
      insert.run(memberId, workspaceId, group.clientId, group.primaryId, isPrimary ? 'system_of_record' : (edge?.method ?? 'manual'), isPrimary ? 1 : (edge?.confidence ?? 1), JSON.stringify({ evidence: group.edges.map((e) => e.detail) }), now);
      summary.matched++;
      if (before.get(memberId) !== group.primaryId) {
        writeAudit(db, { workspaceId, actorType: 'system', action: 'invoice.matched', subjectType: 'record', subjectId: memberId, clientId: group.clientId, details: { shownAs: group.primaryId, members: group.memberIds, evidence: group.edges.map((e) => `${e.method}: ${e.detail}`) } }, now);
      }
      before.delete(memberId);
    }
  }
  for (const [recordId, groupId] of before) {
    writeAudit(db, { workspaceId, actorType: 'system', action: 'invoice.unmatched', subjectType: 'record', subjectId: recordId, details: { wasShownAs: groupId } }, now);
  }
  syncReviews(db, workspaceId, clients, result.doubts, summary, now);
  return summary;
}

function syncReviews(db: Db, workspaceId: number, clients: number[], doubts: MatchDoubt[], summary: RefreshSummary, now: number): void {
  const wanted = new Map(doubts.map((d) => [`${Math.min(d.a, d.b)}:${Math.max(d.a, d.b)}`, d]));
  const openOf = cachedStatement(db, `SELECT id, record_a, record_b, reason, evidence FROM invoice_match_reviews WHERE client_id = ? AND status = 'open'`);
  const withdraw = cachedStatement(db, `UPDATE invoice_match_reviews SET status = 'withdrawn', resolution = 'the evidence changed', updated_at = ? WHERE id = ?`);
  const refresh = cachedStatement(db, `UPDATE invoice_match_reviews SET reason = ?, evidence = ?, updated_at = ? WHERE id = ?`);
  const open = cachedStatement(db, `INSERT INTO invoice_match_reviews (workspace_id, client_id, record_a, record_b, reason, evidence, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`);
  for (const clientId of clients) {
    for (const row of openOf.all(clientId) as { id: number; record_a: number; record_b: number; reason: string; evidence: string }[]) {
      const key = `${row.record_a}:${row.record_b}`;
      const doubt = wanted.get(key);
      if (!doubt) {
        withdraw.run(now, row.id);
        summary.reviewsWithdrawn++;
        continue;
      }
      const evidence = JSON.stringify(doubt.evidence);
      if (row.reason !== doubt.reason || row.evidence !== evidence) refresh.run(doubt.reason, evidence, now, row.id);
      wanted.delete(key);
    }
  }
  for (const [key, doubt] of wanted) {
    const [a, b] = key.split(':').map(Number) as [number, number];
    open.run(workspaceId, doubt.clientId, a, b, doubt.reason, JSON.stringify(doubt.evidence), now, now);
    summary.reviewsOpened++;
  }
}
