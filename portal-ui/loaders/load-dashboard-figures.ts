import type { Db } from '../../src/db/open-database.js';
import { can } from '../access/portal-permissions.js';
import { listInvoices, PAYABLE_STATUSES } from './load-invoices.js';
import { listPayments, type PaymentItem } from './load-payments.js';
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
}

export interface DashboardFigures {
  /** Null when the role may not see projects. */
  projects: ProjectSummary[] | null;
  /** Null when the role may not see money figures. */
  money: MoneyFigures | null;
}

/** The dashboard's figures, each computed only when the role may see it. */
export function loadDashboardFigures(db: Db, clientId: number, role: string, now: number): DashboardFigures {
  return {
    projects: can(role, 'view_projects') ? listProjects(db, clientId, now).filter((p) => !p.archived) : null,
    money: can(role, 'view_money_figures') ? loadMoneyFigures(db, clientId, now) : null,
  };
}

function loadMoneyFigures(db: Db, clientId: number, now: number): MoneyFigures {
  const due = listInvoices(db, clientId, now).filter((invoice) => PAYABLE_STATUSES.has(invoice.status) && invoice.amountDueMinor > 0);
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
    lastPayment: listPayments(db, clientId)[0] ?? null,
  };
}

export function newestPerProvider(items: FigureSource[]): FigureSource[] {
  const newest = new Map<string, number>();
  for (const item of items) newest.set(item.provider, Math.max(newest.get(item.provider) ?? 0, item.syncedAt));
  return [...newest].map(([provider, syncedAt]) => ({ provider, syncedAt }));
}
