import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import { offboardClient, reactivateClient } from './offboard-client.js';

/**
 * After CRM changes: is each affected client still a client? A client stands while at least one
 * deal that provisioned it is still won and not deleted, and at least one of its CRM companies is
 * still there. Lost or reversed deals and removed companies offboard it at once; a deal won again
 * (with its company present) brings it back. Staff merges are left alone.
 */
export function reviewClientStanding(db: Db, changedRecordIds: number[], now = Date.now()): { offboarded: number[]; reactivated: number[] } {
  const out = { offboarded: [] as number[], reactivated: [] as number[] };
  if (changedRecordIds.length === 0) return out;
  const placeholders = changedRecordIds.map(() => '?').join(',');
  const affected = db
    .prepare(
      `SELECT DISTINCT p.client_id AS clientId FROM provisionings p WHERE p.deal_record_id IN (${placeholders})
       UNION SELECT DISTINCT cs.client_id FROM client_sources cs WHERE cs.record_id IN (${placeholders})`,
    )
    .all(...changedRecordIds, ...changedRecordIds) as { clientId: number }[];
  for (const { clientId } of affected) {
    writeTransaction(db, () => {
      const wonDeals = db
        .prepare(
          `SELECT r.external_id FROM provisionings p JOIN records r ON r.id = p.deal_record_id
            WHERE p.client_id = ? AND r.deleted = 0 AND r.is_won = 1`,
        )
        .all(clientId) as { external_id: string }[];
      const sources = db.prepare(`SELECT r.deleted FROM client_sources cs JOIN records r ON r.id = cs.record_id WHERE cs.client_id = ?`).all(clientId) as { deleted: number }[];
      const companyGone = sources.length > 0 && sources.every((s) => s.deleted === 1);
      if (wonDeals.length === 0 || companyGone) {
        if (offboardClient(db, { clientId, reason: companyGone ? 'the CRM company was removed' : 'no won deal any more (lost, reopened or deleted)' }, now)) out.offboarded.push(clientId);
      } else if (reactivateClient(db, { clientId, reason: 'a deal is won again', details: { deals: wonDeals.map((d) => d.external_id) } }, now)) {
        out.reactivated.push(clientId);
      }
    });
  }
  return out;
}
