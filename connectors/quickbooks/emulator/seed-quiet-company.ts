import type { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';

const DAY = 86_400_000;

export interface QuietCompanyOptions {
  customers: number;
  invoicesPerCustomer: number;
  /** How long ago every record was last touched (beyond CDC's 30 days is the interesting case). */
  daysSinceLastEdit?: number;
}

export interface QuietCompanySeed {
  customerIds: string[];
  invoiceIds: string[];
  /** When the last edit happened (ms). */
  lastEditAt: number;
}

/**
 * A company nobody has touched for weeks: customers, invoices and a payment on some of them, every
 * MetaData.LastUpdatedTime `daysSinceLastEdit` days back. What a poll of an idle company costs is
 * measured against this.
 */
export function seedQuietCompany(store: QuickBooksEmulatorStore, options: QuietCompanyOptions): QuietCompanySeed {
  const lastEditAt = store.now() - (options.daysSinceLastEdit ?? 40) * DAY;
  const customerIds: string[] = [];
  const invoiceIds: string[] = [];
  for (let c = 0; c < options.customers; c++) {
    // Spread over the hour before the last edit, a second apart, so the records do not all share one timestamp.
    const at = (offset: number) => lastEditAt - 3_600_000 + offset * 1000;
    const customer = store.createCustomer({ displayName: `Quiet Client ${c + 1}`, companyName: `Quiet Client ${c + 1}`, email: `ap@quiet-client-${c + 1}.example` }, at(c));
    customerIds.push(customer.Id);
    for (let i = 0; i < options.invoicesPerCustomer; i++) {
      const invoice = store.createInvoice({ customerId: customer.Id, lines: [{ description: `Retainer ${i + 1}`, unitPrice: 500 + i }] }, at(c));
      invoiceIds.push(invoice.Id);
    }
  }
  // One payment, the company's last edit.
  if (invoiceIds[0]) store.payInvoice(invoiceIds[0], { at: lastEditAt });
  return { customerIds, invoiceIds, lastEditAt };
}
