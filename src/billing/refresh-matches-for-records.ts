import type { Db } from '../db/open-database.js';
import { DEFAULT_BILLING_CONFIG, type BillingConfig } from '../config/billing-config.js';
import { refreshInvoiceMatches, type RefreshSummary } from './refresh-invoice-matches.js';

/**
 * After a batch changed these records (and identity resolution ran over them), re-matches the
 * invoices of every client they belong to now or were grouped under before: a customer that moved
 * takes its invoices' groups with it. Same transaction as the batch.
 */
export function refreshMatchesForRecords(db: Db, workspaceId: number, config: BillingConfig | undefined, recordIds: number[], now = Date.now()): RefreshSummary | null {
  if (recordIds.length === 0) return null;
  const clients = new Set<number>();
  const chunk = 500;
  for (let i = 0; i < recordIds.length; i += chunk) {
    const ids = recordIds.slice(i, i + chunk);
    const marks = ids.map(() => '?').join(',');
    const rows = db
      .prepare(
        `SELECT client_id FROM records WHERE id IN (${marks}) AND client_id IS NOT NULL
         UNION SELECT client_id FROM invoice_matches WHERE record_id IN (${marks})
         UNION SELECT client_id FROM invoice_match_reviews WHERE status = 'open' AND (record_a IN (${marks}) OR record_b IN (${marks}))`,
      )
      .all(...ids, ...ids, ...ids, ...ids) as { client_id: number }[];
    for (const row of rows) clients.add(row.client_id);
  }
  if (clients.size === 0) return null;
  return refreshInvoiceMatches(db, workspaceId, config ?? DEFAULT_BILLING_CONFIG, [...clients], now);
}
