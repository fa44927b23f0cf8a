import type { Payment } from './unified-model.js';

/**
 * What of a payment went to one invoice: its allocation. A record stored before payments carried
 * allocations (re-mapped at the next start) or from a provider that names invoices without amounts
 * has none; a payment of a single invoice then went wholly to it, and of several it is unknown.
 */
export function shareOf(payment: Pick<Payment, 'amountMinor' | 'invoiceExternalIds' | 'allocations'>, invoiceExternalId: string): number | null {
  const allocations = payment.allocations ?? [];
  const allocation = allocations.find((a) => a.invoiceExternalId === invoiceExternalId);
  if (allocation) return allocation.amountMinor;
  return allocations.length === 0 && payment.invoiceExternalIds.length === 1 ? payment.amountMinor : null;
}
