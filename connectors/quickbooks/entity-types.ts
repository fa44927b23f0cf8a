import type QuickBooks from 'node-quickbooks';

export type QuickBooksEntityType = 'Customer' | 'Invoice' | 'Payment' | 'CreditMemo';

/** Each entity's node-quickbooks finder (they share one criteria format). */
export const FINDERS: Record<QuickBooksEntityType, (client: QuickBooks, criteria: unknown, callback: (error: unknown, body: unknown) => void) => void> = {
  Customer: (client, criteria, callback) => client.findCustomers(criteria, callback),
  Invoice: (client, criteria, callback) => client.findInvoices(criteria, callback),
  Payment: (client, criteria, callback) => client.findPayments(criteria, callback),
  CreditMemo: (client, criteria, callback) => client.findCreditMemos(criteria, callback),
};

export function isQuickBooksEntityType(value: string): value is QuickBooksEntityType {
  return value in FINDERS;
}

/** QuickBooks answers query pages of at most 1 000. */
export const PAGE_SIZE = 1000;

/** Times in QuickBooks queries: UTC with Z (node-quickbooks puts values into the URL as given). */
export function quickBooksTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
