import type { Queryable } from '../store/store.js';
import { DEFAULT_BILLING_CONFIG, type BillingConfig } from '../config/billing-config.js';
import { listInvoiceMatchClientIds } from '../store/billing/list-invoice-match-client-ids.js';
import { refreshInvoiceMatches, type RefreshSummary } from './refresh-invoice-matches.js';

/**
 * After a batch changed these records (and identity resolution ran over them), re-matches the
 * invoices of every client they belong to now or were grouped under before: a customer that moved
 * takes its invoices' groups with it. Same transaction as the batch (`q`).
 */
export async function refreshMatchesForRecords(q: Queryable, workspaceId: number, config: BillingConfig | undefined, recordIds: number[], now = Date.now()): Promise<RefreshSummary | null> {
  if (recordIds.length === 0) return null;
  const clients = await listInvoiceMatchClientIds(q, recordIds);
  if (clients.length === 0) return null;
  return refreshInvoiceMatches(q, workspaceId, config ?? DEFAULT_BILLING_CONFIG, clients, now);
}
