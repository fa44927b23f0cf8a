import { readDemoClients } from '../../emulator-support/demo-clients.js';
import type { StripeEmulatorStore } from './stripe-emulator-store.js';

export interface StripeDemoSeed {
  /** By company name. */
  customerIds: Record<string, string>;
  /** By a short label: paidA/paidB (one payment), open, partial, overdue, void, draft, subscriptionPaid, credited. */
  invoiceIds: Record<string, string>;
  /** The payment intent that settled paidA and paidB together. */
  sharedPaymentIntentId: string;
  partialPaymentIntentId: string;
  refundId: string;
  creditNoteId: string;
}

const DAY = 86_400_000;
const COUNTRY_CODES: Record<string, string> = { 'United States': 'US', 'United Kingdom': 'GB', Canada: 'CA' };

/**
 * The CRM's three clients as Stripe customers (billing email = their first contact). Northwind pays
 * two invoices with one payment and part of a third; Acme has an overdue, a voided and a draft
 * invoice; Globex is on a subscription (invoices with `parent.subscription_details`), got part of
 * one charge refunded, and a credit note on the next invoice.
 */
export function seedStripeDemo(store: StripeEmulatorStore): StripeDemoSeed {
  const now = store.now();
  const at = (offset: number, hours = 0) => now + offset * DAY + hours * 3_600_000;
  const customerIds: Record<string, string> = {};
  for (const [index, client] of readDemoClients().entries()) {
    const contact = client.people[0];
    customerIds[client.name] = store.createCustomer(
      {
        name: client.name,
        email: contact?.email,
        phone: client.phone ?? undefined,
        description: client.website ?? undefined,
        address: { city: client.city ?? undefined, country: client.country ? (COUNTRY_CODES[client.country] ?? client.country) : undefined },
        metadata: { domain: client.domain },
      },
      at(-60, index),
    ).id;
  }
  const northwind = customerIds['Northwind Traders']!;
  const acme = customerIds['Acme Robotics']!;
  const globex = customerIds['Globex Consulting']!;
  const subscription = 'sub_1EmuGlobexRetainer01';
  const invoice = (customerId: string, issued: number, description: string, unitAmount: number, options: { quantity?: number; finalize?: boolean; subscription?: boolean } = {}) => {
    const created = store.createInvoice(
      {
        customerId,
        description,
        lines: [{ description, unitAmount, quantity: options.quantity }],
        ...(options.subscription ? { subscriptionId: subscription, collectionMethod: 'charge_automatically' as const } : { collectionMethod: 'send_invoice' as const, daysUntilDue: 30 }),
      },
      at(issued),
    );
    if (options.finalize !== false) store.finalizeInvoice(created.id, at(issued, 1));
    return created.id;
  };

  const invoiceIds: Record<string, string> = {
    paidA: invoice(northwind, -50, 'Website rebuild: discovery and UX workshops', 120_000, { quantity: 8 }),
    paidB: invoice(northwind, -45, 'Content migration', 240_000),
    open: invoice(northwind, -10, 'Design and build, milestone 1', 1_440_000),
    partial: invoice(northwind, -20, 'Hosting setup and SSL', 110_000),
    overdue: invoice(acme, -40, 'Brand audit', 450_000),
    void: invoice(acme, -30, 'Logo exploration (entered twice)', 180_000),
    draft: invoice(acme, -2, 'Brand guidelines', 225_000, { quantity: 3, finalize: false }),
    subscriptionPaid: invoice(globex, -38, 'Quarterly retainer, Q3', 900_000, { subscription: true }),
    credited: invoice(globex, -7, 'Quarterly retainer, Q4', 900_000, { subscription: true }),
  };
  store.voidInvoice(invoiceIds.void!, at(-29));
  const shared = store.payInvoices([invoiceIds.paidA!, invoiceIds.paidB!], { at: at(-18, 4) });
  const partial = store.payInvoice(invoiceIds.partial!, { amount: 60_000, at: at(-3, 5) });
  const retainer = store.payInvoice(invoiceIds.subscriptionPaid!, { at: at(-38, 2) });
  const refund = store.refund(retainer.charge.id, { amount: 50_000, reason: 'requested_by_customer', at: at(-9) });
  const note = store.createCreditNote(invoiceIds.credited!, { amount: 75_000, memo: 'Unused Q3 retainer hours', reason: 'order_change', at: at(-6, 2) });
  return { customerIds, invoiceIds, sharedPaymentIntentId: shared.paymentIntent.id, partialPaymentIntentId: partial.paymentIntent.id, refundId: refund.id, creditNoteId: note.id };
}
