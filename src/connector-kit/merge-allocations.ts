import type { Allocation } from '../model/unified-model.js';

/**
 * A provider's per-invoice amounts as the unified model keeps them: one allocation per invoice
 * (a payment with two lines against the same invoice applied their sum), in the provider's order,
 * and the invoice ids for identity linking — every allocated invoice plus any the provider names
 * without an amount.
 */
export function mergeAllocations(parts: readonly Allocation[], namedWithoutAmount: readonly string[] = []): { allocations: Allocation[]; invoiceExternalIds: string[] } {
  const byInvoice = new Map<string, number>();
  for (const part of parts) byInvoice.set(part.invoiceExternalId, (byInvoice.get(part.invoiceExternalId) ?? 0) + part.amountMinor);
  const allocations = [...byInvoice].map(([invoiceExternalId, amountMinor]) => ({ invoiceExternalId, amountMinor }));
  return { allocations, invoiceExternalIds: [...new Set([...byInvoice.keys(), ...namedWithoutAmount])] };
}
