import { readDemoClients } from '../../emulator-support/demo-clients.js';
import type { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';

export interface QuickBooksDemoSeed {
  /** By company name. */
  customerIds: Record<string, string>;
  /** By DocNumber. */
  invoiceIds: Record<string, string>;
  paymentIds: { settlingTwo: string; partial: string; full: string; credit: string };
  creditMemoId: string;
  deletedInvoiceId: string;
}

const DAY = 86_400_000;

/**
 * The CRM's three clients as QuickBooks customers, with every invoice state the portal shows:
 * paid (two at once by one payment), open, partially paid (by cash, and by an applied credit
 * memo), overdue, void, and one deleted (visible only through CDC).
 */
export function seedQuickBooksDemo(store: QuickBooksEmulatorStore): QuickBooksDemoSeed {
  const now = store.now();
  const day = (offset: number) => store.date(now + offset * DAY);
  const at = (offset: number, hours = 0) => now + offset * DAY + hours * 3_600_000;
  const customerIds: Record<string, string> = {};
  for (const [index, client] of readDemoClients().entries()) {
    const contact = client.people[0];
    customerIds[client.name] = store.createCustomer(
      {
        displayName: client.name,
        companyName: client.name,
        givenName: contact?.firstName,
        familyName: contact?.lastName,
        email: contact?.email,
        phone: client.phone ?? undefined,
        website: client.website ?? undefined,
        city: client.city ?? undefined,
        country: client.country ?? undefined,
      },
      at(-60, index),
    ).Id;
  }
  const northwind = customerIds['Northwind Traders']!;
  const acme = customerIds['Acme Robotics']!;
  const globex = customerIds['Globex Consulting']!;
  const invoice = (customerId: string, docNumber: string, issued: number, dueIn: number, lines: { description: string; unitPrice: number; qty?: number }[], taxRate?: number) =>
    store.createInvoice({ customerId, docNumber, txnDate: day(issued), dueDate: day(issued + dueIn), lines, taxRate }, at(issued, 2)).Id;

  const invoiceIds: Record<string, string> = {
    '1001': invoice(northwind, '1001', -50, 30, [{ description: 'Website rebuild: discovery and UX workshops', unitPrice: 1200, qty: 8 }]),
    '1002': invoice(northwind, '1002', -45, 30, [{ description: 'Content migration', unitPrice: 2400 }]),
    '1003': invoice(northwind, '1003', -10, 30, [{ description: 'Design and build, milestone 1', unitPrice: 14400 }]),
    '1004': invoice(northwind, '1004', -20, 30, [{ description: 'Hosting setup', unitPrice: 1000 }, { description: 'SSL certificate (1 year)', unitPrice: 100 }], 0.0875),
    '1005': invoice(acme, '1005', -40, 30, [{ description: 'Brand audit', unitPrice: 4500 }]),
    '1006': invoice(acme, '1006', -30, 30, [{ description: 'Logo exploration (entered twice)', unitPrice: 1800 }]),
    '1007': invoice(acme, '1007', -5, 30, [{ description: 'Brand guidelines', unitPrice: 2250, qty: 3 }]),
    '1008': invoice(globex, '1008', -38, 30, [{ description: 'Quarterly retainer, Q3', unitPrice: 9000 }]),
    '1009': invoice(globex, '1009', -7, 30, [{ description: 'Quarterly retainer, Q4', unitPrice: 9000 }]),
  };
  const deletedInvoiceId = invoice(acme, '1010', -12, 30, [{ description: 'Draft created in error', unitPrice: 50 }]);
  store.deleteInvoice(deletedInvoiceId, at(-12, 3));
  store.voidInvoice(invoiceIds['1006']!, at(-29));

  const settlingTwo = store.payInvoice([invoiceIds['1001']!, invoiceIds['1002']!], { txnDate: day(-18), method: 'Check', at: at(-18, 4) }).Id;
  const partial = store.payInvoice([{ invoiceId: invoiceIds['1004']!, amount: 600 }], { txnDate: day(-3), method: 'Credit Card', at: at(-3, 5) }).Id;
  const full = store.payInvoice(invoiceIds['1008']!, { txnDate: day(-9), method: 'ACH', at: at(-9, 1) }).Id;
  const creditMemoId = store.createCreditMemo({ customerId: globex, docNumber: 'CM-1009', txnDate: day(-6), lines: [{ description: 'Unused Q3 retainer hours', unitPrice: 150, qty: 5 }] }, at(-6, 1)).Id;
  const credit = store.applyCreditMemo(creditMemoId, invoiceIds['1009']!, undefined, at(-6, 2)).Id;
  return { customerIds, invoiceIds, paymentIds: { settlingTwo, partial, full, credit }, creditMemoId, deletedInvoiceId };
}
