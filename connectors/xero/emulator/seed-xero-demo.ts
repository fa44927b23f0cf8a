import { attachToInvoice } from './xero-attachments.js';
import { renderTextPdf } from '../../emulator-support/render-pdf.js';
import { readDemoClients } from '../../emulator-support/demo-clients.js';
import type { XeroEmulatorStore } from './xero-emulator-store.js';

export interface XeroDemoSeed {
  /** By contact name. */
  contactIds: Record<string, string>;
  /** By invoice or bill number. */
  invoiceIds: Record<string, string>;
  /** The batch payment that settled INV-0001 and INV-0002 (one payment per invoice). */
  batchPaymentIds: string[];
  partialPaymentId: string;
  fullPaymentId: string;
  billPaymentId: string;
  creditNoteId: string;
}

const DAY = 86_400_000;

/**
 * The CRM's three clients as Xero customers (with their people as contact persons), plus two
 * suppliers whose bills (ACCPAY) sit in the same /Invoices list, and one archived contact. Sales
 * invoices cover every state: paid by a batch payment, open, partially paid, overdue, voided,
 * draft, deleted, and part-settled by a credit note.
 */
export function seedXeroDemo(store: XeroEmulatorStore): XeroDemoSeed {
  const now = store.now();
  const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
  const at = (offset: number, hours = 0) => now + offset * DAY + hours * 3_600_000;
  const contactIds: Record<string, string> = {};
  for (const [index, client] of readDemoClients().entries()) {
    const [first] = client.people;
    contactIds[client.name] = store.createContact(
      {
        name: client.name,
        firstName: first?.firstName,
        lastName: first?.lastName,
        email: first?.email,
        website: client.website ?? undefined,
        phone: client.phone ?? undefined,
        city: client.city ?? undefined,
        country: client.country ?? undefined,
        people: client.people.slice(1).map((person) => ({ firstName: person.firstName, lastName: person.lastName, email: person.email })),
      },
      at(-60, index),
    ).ContactID as string;
  }
  contactIds['Pixel Stock Photos'] = store.createContact({ name: 'Pixel Stock Photos', email: 'billing@pixelstock.example', isSupplier: true }, at(-58)).ContactID as string;
  contactIds['CloudHost Ltd'] = store.createContact({ name: 'CloudHost Ltd', email: 'accounts@cloudhost.example', isSupplier: true }, at(-58, 1)).ContactID as string;
  const formerClient = store.createContact({ name: 'Initrode (former client)', email: 'ap@initrode.example' }, at(-90)).ContactID as string;
  store.archiveContact(formerClient, at(-45));

  const northwind = contactIds['Northwind Traders']!;
  const acme = contactIds['Acme Robotics']!;
  const globex = contactIds['Globex Consulting']!;
  const invoice = (contactId: string, number: string, issued: number, lines: { description: string; unitAmount: number; quantity?: number }[], extra: { taxRate?: number; status?: 'DRAFT' | 'AUTHORISED'; type?: 'ACCPAY' } = {}) =>
    store.createInvoice({ contactId, number, date: day(issued), dueDate: day(issued + 30), lines, ...extra }, at(issued, 2)).InvoiceID as string;

  const invoiceIds: Record<string, string> = {
    'INV-0001': invoice(northwind, 'INV-0001', -50, [{ description: 'Website rebuild: discovery and UX workshops', unitAmount: 1200, quantity: 8 }]),
    'INV-0002': invoice(northwind, 'INV-0002', -45, [{ description: 'Content migration', unitAmount: 2400 }]),
    'INV-0003': invoice(northwind, 'INV-0003', -10, [{ description: 'Design and build, milestone 1', unitAmount: 14400 }]),
    'INV-0004': invoice(northwind, 'INV-0004', -20, [{ description: 'Hosting setup', unitAmount: 1000 }, { description: 'SSL certificate (1 year)', unitAmount: 100 }], { taxRate: 0.0875 }),
    'INV-0005': invoice(acme, 'INV-0005', -40, [{ description: 'Brand audit', unitAmount: 4500 }]),
    'INV-0006': invoice(acme, 'INV-0006', -30, [{ description: 'Logo exploration (entered twice)', unitAmount: 1800 }]),
    'INV-0007': invoice(acme, 'INV-0007', -2, [{ description: 'Brand guidelines (draft)', unitAmount: 2250, quantity: 3 }], { status: 'DRAFT' }),
    'INV-0008': invoice(acme, 'INV-0008', -12, [{ description: 'Draft created in error', unitAmount: 50 }], { status: 'DRAFT' }),
    'INV-0009': invoice(globex, 'INV-0009', -38, [{ description: 'Quarterly retainer, Q3', unitAmount: 9000 }]),
    'INV-0010': invoice(globex, 'INV-0010', -7, [{ description: 'Quarterly retainer, Q4', unitAmount: 9000 }]),
    'BILL-1': invoice(contactIds['Pixel Stock Photos']!, 'BILL-1', -15, [{ description: 'Stock photo licences', unitAmount: 320 }], { type: 'ACCPAY' }),
    'BILL-2': invoice(contactIds['CloudHost Ltd']!, 'BILL-2', -25, [{ description: 'Hosting, October', unitAmount: 89 }], { type: 'ACCPAY' }),
  };
  // Issue 17: the signed statement of work goes with the online invoice (the client sees it); the timesheet stays internal.
  attachToInvoice(store, invoiceIds['INV-0003']!, { fileName: 'Statement of work (signed).pdf', mimeType: 'application/pdf', includeOnline: true, body: renderTextPdf('Statement of work', ['Design and build, milestone 1', 'Signed by Northwind Traders']) });
  attachToInvoice(store, invoiceIds['INV-0003']!, { fileName: 'Timesheet (internal).pdf', mimeType: 'application/pdf', includeOnline: false, body: renderTextPdf('Timesheet', ['Internal hours']) });
  store.voidInvoice(invoiceIds['INV-0006']!, at(-29));
  store.deleteInvoice(invoiceIds['INV-0008']!, at(-12, 3));
  const batchPaymentIds = store.batchPay([invoiceIds['INV-0001']!, invoiceIds['INV-0002']!], { date: day(-18), reference: 'Remittance 5521', at: at(-18, 4) }).map((payment) => payment.PaymentID as string);
  const partialPaymentId = store.payInvoice(invoiceIds['INV-0004']!, { amount: 600, date: day(-3), at: at(-3, 5) }).PaymentID as string;
  const fullPaymentId = store.payInvoice(invoiceIds['INV-0009']!, { date: day(-9), at: at(-9, 1) }).PaymentID as string;
  const billPaymentId = store.payInvoice(invoiceIds['BILL-2']!, { date: day(-20), at: at(-20) }).PaymentID as string;
  const creditNoteId = store.createCreditNote({ contactId: globex, number: 'CN-0001', date: day(-6), lines: [{ description: 'Unused Q3 retainer hours', unitAmount: 150, quantity: 5 }] }, at(-6, 1)).CreditNoteID as string;
  store.allocateCreditNote(creditNoteId, invoiceIds['INV-0010']!, undefined, at(-6, 2));
  return { contactIds, invoiceIds, batchPaymentIds, partialPaymentId, fullPaymentId, billPaymentId, creditNoteId };
}
