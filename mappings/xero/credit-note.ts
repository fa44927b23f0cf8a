import { type ObjectMapping, type CreditNote, toMinorUnits, mergeAllocations } from '../../src/connector-kit/index.js';
import { asXeroObject, xeroDay } from '../../connectors/xero/xero-values.js';

/** Xero's status, refined by what is left to allocate: an authorised note fully allocated or refunded is applied. */
export function xeroCreditNoteStatus(status: string | undefined, remainingMinor: number): CreditNote['status'] {
  switch (status) {
    case 'DRAFT':
    case 'SUBMITTED':
      return 'draft';
    case 'VOIDED':
    case 'DELETED':
      return 'void';
    case 'PAID':
      return 'applied';
    default:
      return remainingMinor <= 0 ? 'applied' : 'open';
  }
}

/** A sales credit note (ACCRECCREDIT); its allocations say how much was set against which invoice. */
export const creditNoteMapping: ObjectMapping<'credit_note'> = {
  provider: 'xero',
  objectType: 'CreditNote',
  kind: 'credit_note',
  map(raw, context) {
    const note = asXeroObject(raw, 'creditNoteID', 'credit note');
    const currency = String(note.currencyCode ?? context.config.defaultCurrency).toUpperCase();
    const money = (value: unknown) => toMinorUnits((value as number | undefined) ?? 0, currency);
    const remainingMinor = money(note.remainingCredit);
    // A removed allocation stays listed with isDeleted: its credit went back to the note.
    const allocations = ((note.allocations as { amount?: number; isDeleted?: boolean; invoice?: { invoiceID?: string } }[] | undefined) ?? []).filter((a) => !a.isDeleted && a.invoice?.invoiceID);
    const lines = (note.lineItems as { description?: string; lineAmount?: number }[] | undefined) ?? [];
    return {
      number: (note.creditNoteNumber as string | undefined) || null,
      status: xeroCreditNoteStatus(note.status as string | undefined, remainingMinor),
      issueDate: xeroDay(note.date),
      currency,
      totalMinor: money(note.total),
      remainingMinor,
      customerExternalId: (note.contact as { contactID?: string } | undefined)?.contactID ?? null,
      ...mergeAllocations(allocations.map((a) => ({ invoiceExternalId: a.invoice!.invoiceID!, amountMinor: money(a.amount) }))),
      lines: lines.map((line) => ({ description: line.description ?? '', amountMinor: money(line.lineAmount) })),
    };
  },
};
