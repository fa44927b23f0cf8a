import { type MappingContext, type ObjectMapping, type InvoiceStatus, toMinorUnits } from '../../src/connector-kit/index.js';
import { asQuickBooksEntity, currencyOf, refValue, type QuickBooksEntity } from '../../connectors/quickbooks/quickbooks-entity.js';
import { invoiceReferences } from '../invoice-references.js';

interface InvoiceLine {
  DetailType?: string;
  Amount?: number;
  Description?: string;
  SalesItemLineDetail?: { Qty?: number; UnitPrice?: number; ItemRef?: { name?: string } };
}

/**
 * QuickBooks has no status field: it is worked out from the amounts. A voided invoice keeps its
 * lines but its totals drop to zero and its memo says "Voided"; paid is a zero balance on a
 * non-zero total; overdue is an open balance past the due date (on the day it is read).
 */
export function quickBooksInvoiceStatus(invoice: QuickBooksEntity, totalMinor: number, balanceMinor: number, today = new Date().toISOString().slice(0, 10)): InvoiceStatus {
  const memo = `${invoice.PrivateNote ?? ''}`;
  if (totalMinor === 0 && /\bvoided\b/i.test(memo)) return 'void';
  if (balanceMinor <= 0 && totalMinor > 0) return 'paid';
  const due = invoice.DueDate as string | undefined;
  if (due && due < today) return 'overdue';
  if (balanceMinor < totalMinor) return 'partially_paid';
  return 'open';
}

export function mapQuickBooksInvoice(raw: unknown, context: MappingContext, today?: string) {
  const invoice = asQuickBooksEntity(raw, 'Invoice');
  const currency = currencyOf(invoice, context);
  const money = (value: unknown) => toMinorUnits((value as number | string | undefined) ?? 0, currency);
  const totalMinor = money(invoice.TotalAmt);
  const balanceMinor = money(invoice.Balance);
  const taxMinor = money((invoice.TxnTaxDetail as { TotalTax?: number } | undefined)?.TotalTax);
  const lines = ((invoice.Line as InvoiceLine[] | undefined) ?? []).filter((line) => line.DetailType === 'SalesItemLineDetail' || line.DetailType === 'DescriptionOnly');
  return {
    number: (invoice.DocNumber as string | undefined) ?? null,
    status: quickBooksInvoiceStatus(invoice, totalMinor, balanceMinor, today),
    issueDate: (invoice.TxnDate as string | undefined) ?? null,
    dueDate: (invoice.DueDate as string | undefined) ?? null,
    currency,
    subtotalMinor: totalMinor - taxMinor,
    taxMinor,
    totalMinor,
    amountDueMinor: balanceMinor,
    payUrl: (invoice.InvoiceLink as string | undefined) ?? null,
    pdfAvailable: true,
    customerExternalId: refValue(invoice.CustomerRef),
    // Sync tools write the Stripe invoice or charge id into the private note or the customer memo.
    references: invoiceReferences(invoice.PrivateNote, (invoice.CustomerMemo as { value?: string } | undefined)?.value),
    lines: lines.map((line) => ({
      description: line.Description ?? line.SalesItemLineDetail?.ItemRef?.name ?? '',
      quantity: line.SalesItemLineDetail?.Qty ?? 1,
      unitAmountMinor: line.SalesItemLineDetail?.UnitPrice == null ? null : money(line.SalesItemLineDetail.UnitPrice),
      amountMinor: money(line.Amount),
    })),
  };
}

export const invoiceMapping: ObjectMapping<'invoice'> = {
  provider: 'quickbooks',
  objectType: 'Invoice',
  kind: 'invoice',
  map: (raw, context) => mapQuickBooksInvoice(raw, context),
};
