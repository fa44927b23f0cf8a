import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import type { BillingConfig } from '../config/billing-config.js';
import { actorLabel, type StaffActor } from '../identity/staff-actor.js';
import { refreshInvoiceMatches } from './refresh-invoice-matches.js';
import { pairOf } from './matchable-invoice.js';

/**
 * Staff say whether two invoices are the same bill. The decision is final — no sync, rule or
 * later evidence changes it, and a second decision on the same pair is refused — and it is
 * audited in the same transaction that applies it.
 */
export function decideInvoiceMatch(
  db: Db,
  input: { workspaceId: number; recordA: number; recordB: number; decision: 'same' | 'different'; actor: StaffActor; config: Pick<BillingConfig, 'systemOfRecord' | 'billingRoles' | 'matchToleranceDays'>; reviewId?: number },
  now = Date.now(),
): void {
  const [a, b] = pairOf(input.recordA, input.recordB);
  writeTransaction(db, () => {
    if (a === b) throw new Error('Choose two different invoices');
    const rows = db.prepare(`SELECT id, client_id, connection_id, kind FROM records WHERE id IN (?, ?) AND workspace_id = ? AND deleted = 0`).all(a, b, input.workspaceId) as { id: number; client_id: number | null; connection_id: number; kind: string }[];
    if (rows.length !== 2 || rows.some((r) => r.kind !== 'invoice')) throw new Error(`Records ${a} and ${b} are not both live invoices of this workspace`);
    const [first, second] = rows as [(typeof rows)[0], (typeof rows)[0]];
    if (first.client_id === null || first.client_id !== second.client_id) throw new Error('Only invoices of one client can be the same bill');
    if (input.decision === 'same' && first.connection_id === second.connection_id) throw new Error('Two invoices from one system are two bills');
    const existing = db.prepare('SELECT decision, decided_by FROM invoice_match_decisions WHERE record_a = ? AND record_b = ?').get(a, b) as { decision: string; decided_by: string } | undefined;
    if (existing) throw new Error(`Already decided (${existing.decision}, by ${existing.decided_by}): staff decisions are final`);
    if (input.reviewId !== undefined) {
      const review = db.prepare(`SELECT record_a, record_b, status FROM invoice_match_reviews WHERE id = ? AND workspace_id = ?`).get(input.reviewId, input.workspaceId) as { record_a: number; record_b: number; status: string } | undefined;
      if (!review || review.record_a !== a || review.record_b !== b) throw new Error(`No review ${input.reviewId} for these invoices`);
      if (review.status !== 'open') throw new Error(`Review ${input.reviewId} is already ${review.status}`);
    }
    db.prepare('INSERT INTO invoice_match_decisions (record_a, record_b, workspace_id, decision, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)').run(a, b, input.workspaceId, input.decision, actorLabel(input.actor), now);
    db.prepare(`UPDATE invoice_match_reviews SET status = 'resolved', resolution = ?, resolved_by = ?, updated_at = ? WHERE record_a = ? AND record_b = ? AND status = 'open'`).run(
      input.decision === 'same' ? 'same bill' : 'different bills',
      actorLabel(input.actor),
      now,
      a,
      b,
    );
    writeAudit(db, { workspaceId: input.workspaceId, actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: 'invoice_match.decided', subjectType: 'record', subjectId: a, clientId: first.client_id, details: { recordA: a, recordB: b, decision: input.decision, reviewId: input.reviewId ?? null } }, now);
    refreshInvoiceMatches(db, input.workspaceId, input.config, [first.client_id], now);
  });
}
