import { type MappingContext, type ObjectMapping, type InvoiceStatus, toMinorUnits } from '../../src/connector-kit/index.js';
import { asXeroObject, xeroDay } from '../../connectors/xero/xero-values.js';
import { invoiceReferences } from '../invoice-references.js';

interface LineItem {
  description?: string;
  quantity?: number;
  unitAmount?: number;
  lineAmount?: number;
}

/** Xero's own status, refined: an authorised invoice is open, partially paid or overdue by its amounts and due date. */
export function xeroInvoiceStatus(status: string | undefined, dueDay: string | null, totalMinor: number, dueMinor: number, today: string): InvoiceStatus {
  switch (status) {
    case 'DRAFT':
    case 'SUBMITTED':
      return 'draft';
    case 'VOIDED':
    case 'DELETED':
      return 'void';
    case 'PAID':
      return 'paid';
    default:
      if (dueMinor <= 0 && totalMinor > 0) return 'paid';
      if (dueDay && dueDay < today) return 'overdue';
      return dueMinor < totalMinor ? 'partially_paid' : 'open';
  }
}

export function mapXeroInvoice(raw: unknown, context: MappingContext, today = new Date().toISOString().slice(0, 10)) {
  const invoice = asXeroObject(raw, 'invoiceID', 'invoice');
  const currency = String(invoice.currencyCode ?? context.config.defaultCurrency).toUpperCase();
  const money = (value: unknown) => toMinorUnits((value as number | undefined) ?? 0, currency);
  const totalMinor = money(invoice.total);
  const dueMinor = money(invoice.amountDue);
  const dueDate = xeroDay(invoice.dueDate);
  return {
    number: (invoice.invoiceNumber as string | undefined) || null,
    status: xeroInvoiceStatus(invoice.status as string | undefined, dueDate, totalMinor, dueMinor, today),
    issueDate: xeroDay(invoice.date),
    dueDate,
    currency,
    subtotalMinor: money(invoice.subTotal),
    taxMinor: money(invoice.totalTax),
    totalMinor,
    amountDueMinor: dueMinor,
    payUrl: null,
    pdfAvailable: true,
    customerExternalId: (invoice.contact as { contactID?: string } | undefined)?.contactID ?? null,
    // Xero's Stripe integration and most sync apps put the Stripe invoice id or number in Reference.
    references: invoiceReferences(invoice.reference),
    lines: ((invoice.lineItems as LineItem[] | undefined) ?? []).map((line) => ({
      description: line.description ?? '',
      quantity: line.quantity ?? 1,
      unitAmountMinor: line.unitAmount == null ? null : money(line.unitAmount),
      amountMinor: money(line.lineAmount),
    })),
  };
}

export const invoiceMapping: ObjectMapping<'invoice'> = {
  provider: 'xero',
  objectType: 'Invoice',
  kind: 'invoice',
  map: (raw, context) => mapXeroInvoice(raw, context),
};
