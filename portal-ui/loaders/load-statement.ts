import type { Queryable } from '../../src/store/store.js';
import { listInvoices } from './load-invoices.js';
import { listPaymentsOnce } from './fold-mirrored-payments.js';

export interface StatementLine {
  date: string;
  kind: 'invoice' | 'payment';
  reference: string;
  /** Invoices add to what is owed, payments take from it. */
  amountMinor: number;
  balanceMinor: number;
}

export interface StatementSection {
  currency: string;
  openingMinor: number;
  lines: StatementLine[];
  invoicedMinor: number;
  paidMinor: number;
  closingMinor: number;
}

export interface Statement {
  from: string;
  to: string;
  sections: StatementSection[];
}

/**
 * A statement of account for a period, per currency (never added across currencies): the balance
 * owed at the start (every invoice issued before it, less every payment made before it), each
 * invoice issued and payment made in the period with the running balance, and the closing balance.
 * Each bill and payment counts once however many systems keep it; void and draft invoices never.
 */
export async function loadStatement(q: Queryable, clientId: number, from: string, to: string, now: number, toleranceDays?: number): Promise<Statement> {
  const invoices = (await listInvoices(q, clientId, now)).filter((invoice) => invoice.status !== 'void' && invoice.issueDate);
  const payments = await listPaymentsOnce(q, clientId, toleranceDays);
  const currencies = [...new Set([...invoices.map((i) => i.currency), ...payments.map((p) => p.currency)])].sort();
  const sections: StatementSection[] = [];
  for (const currency of currencies) {
    const dayOf = (value: string) => value.slice(0, 10);
    const mine = invoices.filter((i) => i.currency === currency);
    const paid = payments.filter((p) => p.currency === currency);
    const openingMinor =
      mine.filter((i) => dayOf(i.issueDate!) < from).reduce((sum, i) => sum + i.totalMinor, 0) -
      paid.filter((p) => dayOf(p.paidAt) < from).reduce((sum, p) => sum + p.amountMinor - p.refundedMinor, 0);
    const entries = [
      ...mine.filter((i) => dayOf(i.issueDate!) >= from && dayOf(i.issueDate!) <= to).map((i) => ({ date: dayOf(i.issueDate!), kind: 'invoice' as const, reference: `Invoice ${i.number ?? i.recordId}`, amountMinor: i.totalMinor })),
      ...paid.filter((p) => dayOf(p.paidAt) >= from && dayOf(p.paidAt) <= to).map((p) => ({ date: dayOf(p.paidAt), kind: 'payment' as const, reference: `Payment${p.invoices.length > 0 ? ` for ${p.invoices.map((i) => i.number ?? 'an invoice').join(', ')}` : ''}`, amountMinor: -(p.amountMinor - p.refundedMinor) })),
    ].sort((a, b) => a.date.localeCompare(b.date) || (a.kind === b.kind ? 0 : a.kind === 'invoice' ? -1 : 1));
    if (entries.length === 0 && openingMinor === 0) continue;
    let balance = openingMinor;
    const lines = entries.map((entry) => {
      balance += entry.amountMinor;
      return { ...entry, balanceMinor: balance };
    });
    sections.push({
      currency,
      openingMinor,
      lines,
      invoicedMinor: lines.filter((l) => l.kind === 'invoice').reduce((s, l) => s + l.amountMinor, 0),
      paidMinor: -lines.filter((l) => l.kind === 'payment').reduce((s, l) => s + l.amountMinor, 0),
      closingMinor: balance,
    });
  }
  return { from, to, sections };
}
