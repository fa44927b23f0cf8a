import { type ObjectMapping, type CreditNote, toMinorUnits } from '../../src/connector-kit/index.js';
import { asQuickBooksEntity, currencyOf, refValue, type QuickBooksEntity } from '../../connectors/quickbooks/quickbooks-entity.js';

interface CreditMemoLine {
  DetailType?: string;
  Amount?: number;
  Description?: string;
  SalesItemLineDetail?: { ItemRef?: { name?: string } };
}

/**
 * Like invoices, credit memos carry no status: a voided one drops to zero with "Voided" in its
 * memo; one whose RemainingCredit is spent has been applied (to invoices through payments, or refunded).
 */
export function quickBooksCreditMemoStatus(memo: QuickBooksEntity, totalMinor: number, remainingMinor: number): CreditNote['status'] {
  if (totalMinor === 0 && /\bvoided\b/i.test(`${memo.PrivateNote ?? ''}`)) return 'void';
  if (remainingMinor <= 0 && totalMinor > 0) return 'applied';
  return 'open';
}

export const creditMemoMapping: ObjectMapping<'credit_note'> = {
  provider: 'quickbooks',
  objectType: 'CreditMemo',
  kind: 'credit_note',
  map(raw, context) {
    const memo = asQuickBooksEntity(raw, 'CreditMemo');
    const currency = currencyOf(memo, context);
    const money = (value: unknown) => toMinorUnits((value as number | string | undefined) ?? 0, currency);
    const totalMinor = money(memo.TotalAmt);
    const remainingMinor = money(memo.RemainingCredit ?? memo.Balance);
    const lines = ((memo.Line as CreditMemoLine[] | undefined) ?? []).filter((line) => line.DetailType === 'SalesItemLineDetail' || line.DetailType === 'DescriptionOnly');
    return {
      number: (memo.DocNumber as string | undefined) ?? null,
      status: quickBooksCreditMemoStatus(memo, totalMinor, remainingMinor),
      issueDate: (memo.TxnDate as string | undefined) ?? null,
      currency,
      totalMinor,
      remainingMinor,
      customerExternalId: refValue(memo.CustomerRef),
      // QuickBooks records where a credit went on the Payment that applied it, not on the memo.
      invoiceExternalIds: [],
      lines: lines.map((line) => ({ description: line.Description ?? line.SalesItemLineDetail?.ItemRef?.name ?? '', amountMinor: money(line.Amount) })),
    };
  },
};
