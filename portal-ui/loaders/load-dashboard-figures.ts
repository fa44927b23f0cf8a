import type { Queryable } from '../../src/store/store.js';
import { can } from '../../src/portal-access/portal-permissions.js';
import { listInvoices, PAYABLE_STATUSES, type InvoiceSummary, type PayOptions } from './load-invoices.js';
import { daysBetween, todayIn } from './calendar-day.js';
import type { PaymentItem } from './load-payments.js';
import { listPaymentsOnce } from './fold-mirrored-payments.js';
import { listProjects, type ProjectSummary } from './load-projects.js';

/** Where a figure's inputs came from: one entry per provider, with its newest sync. */
export interface FigureSource {
  provider: string;
  syncedAt: number;
}

export interface MoneyFigures {
  /** Summed per currency: amounts in different currencies are never added together. */
  amountDue: { currency: string; amountMinor: number; invoiceCount: number }[];
  nextDueDate: string | null;
  amountDueSources: FigureSource[];
  lastPayment: PaymentItem | null;
  /** "What do I owe, by when": overdue first, then what falls due soon, and the one bill to pay first. */
  owe: WhatIsOwed;
}

/** Bills count once however many systems keep them (listInvoices folds copies). */
export interface WhatIsOwed {
  /** Per currency: amount past its due day, how many bills, the oldest one's days overdue. */
  overdue: { currency: string; amountMinor: number; invoiceCount: number; oldestDaysOverdue: number }[];
  /** Per currency: due within DUE_SOON_DAYS (today included), and the nearest due day. */
  dueSoon: { currency: string; amountMinor: number; invoiceCount: number; nextDueDate: string }[];
  /** The bill to pay first: the most overdue (else soonest due) that has a way to pay, else simply the most overdue. */
  payFirst: InvoiceSummary | null;
  openCount: number;
}

export const DUE_SOON_DAYS = 14;

export interface DashboardFigures {
  /** Null when the role may not see projects. */
  projects: ProjectSummary[] | null;
  /** Null when the role may not see money figures. */
  money: MoneyFigures | null;
}

/** The dashboard's figures, each computed only when the role may see it. */
export async function loadDashboardFigures(q: Queryable, clientId: number, role: string, now: number, options: { timeZone?: string; pay?: PayOptions } = {}): Promise<DashboardFigures> {
  return {
    projects: can(role, 'view_projects') ? (await listProjects(q, clientId, now)).filter((p) => !p.archived) : null,
    money: can(role, 'view_money_figures') ? await loadMoneyFigures(q, clientId, now, todayIn(now, options.timeZone), options.pay ?? {}) : null,
  };
}

async function loadMoneyFigures(q: Queryable, clientId: number, now: number, today: string, pay: PayOptions): Promise<MoneyFigures> {
  const due = (await listInvoices(q, clientId, now, undefined, pay)).filter((invoice) => PAYABLE_STATUSES.has(invoice.status) && invoice.amountDueMinor > 0);
  const totals = new Map<string, { amountMinor: number; invoiceCount: number }>();
  for (const invoice of due) {
    const total = totals.get(invoice.currency) ?? { amountMinor: 0, invoiceCount: 0 };
    totals.set(invoice.currency, { amountMinor: total.amountMinor + invoice.amountDueMinor, invoiceCount: total.invoiceCount + 1 });
  }
  const dueDates = due.map((i) => i.dueDate?.slice(0, 10)).filter((d): d is string => Boolean(d)).sort();
  return {
    amountDue: [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, total]) => ({ currency, ...total })),
    nextDueDate: dueDates[0] ?? null,
    amountDueSources: newestPerProvider(due),
    lastPayment: (await listPaymentsOnce(q, clientId))[0] ?? null,
    owe: whatIsOwed(due, today),
  };
}

/** Splits the open bills into overdue and due soon, per currency (never added across currencies). */
export function whatIsOwed(open: InvoiceSummary[], today: string): WhatIsOwed {
  const overdue = new Map<string, { amountMinor: number; invoiceCount: number; oldestDaysOverdue: number }>();
  const soon = new Map<string, { amountMinor: number; invoiceCount: number; nextDueDate: string }>();
  for (const invoice of open) {
    const dueDay = invoice.dueDate?.slice(0, 10);
    if (!dueDay) continue;
    const days = daysBetween(today, dueDay);
    if (days < 0) {
      const entry = overdue.get(invoice.currency) ?? { amountMinor: 0, invoiceCount: 0, oldestDaysOverdue: 0 };
      overdue.set(invoice.currency, { amountMinor: entry.amountMinor + invoice.amountDueMinor, invoiceCount: entry.invoiceCount + 1, oldestDaysOverdue: Math.max(entry.oldestDaysOverdue, -days) });
    } else if (days <= DUE_SOON_DAYS) {
      const entry = soon.get(invoice.currency) ?? { amountMinor: 0, invoiceCount: 0, nextDueDate: dueDay };
      soon.set(invoice.currency, { amountMinor: entry.amountMinor + invoice.amountDueMinor, invoiceCount: entry.invoiceCount + 1, nextDueDate: dueDay < entry.nextDueDate ? dueDay : entry.nextDueDate });
    }
  }
  const byDue = [...open].sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.recordId - b.recordId);
  const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => a.localeCompare(b)).map(([currency, v]) => ({ currency, ...v }));
  // The one Pay action goes to the most urgent bill that can be paid online or by instructions.
  return { overdue: sorted(overdue), dueSoon: sorted(soon), payFirst: byDue.find((invoice) => invoice.pay !== null) ?? byDue[0] ?? null, openCount: open.length };
}

export function newestPerProvider(items: FigureSource[]): FigureSource[] {
  const newest = new Map<string, number>();
  for (const item of items) newest.set(item.provider, Math.max(newest.get(item.provider) ?? 0, item.syncedAt));
  return [...newest].map(([provider, syncedAt]) => ({ provider, syncedAt }));
}
