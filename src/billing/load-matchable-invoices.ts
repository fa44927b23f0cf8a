import type { Queryable } from '../store/store.js';
import type { Invoice } from '../model/unified-model.js';
import { listMatchableInvoiceRows, type MatchableInvoiceRow } from '../store/billing/list-matchable-invoice-rows.js';
import { listInvoiceMatchDecisions } from '../store/billing/list-invoice-match-decisions.js';
import type { MatchableInvoice, MatchDecision } from './matchable-invoice.js';

/** The live, linked invoices of these clients, as matching reads them. */
export async function loadMatchableInvoices(q: Queryable, workspaceId: number, clientIds: number[]): Promise<MatchableInvoice[]> {
  return (await listMatchableInvoiceRows(q, workspaceId, clientIds)).map(toMatchable);
}

export function toMatchable(row: MatchableInvoiceRow): MatchableInvoice {
  const data = JSON.parse(row.data) as Invoice;
  return {
    recordId: row.id,
    clientId: row.clientId,
    connectionId: row.connectionId,
    provider: row.provider,
    externalId: row.externalId,
    number: data.number,
    status: data.status,
    currency: data.currency,
    totalMinor: data.totalMinor,
    amountDueMinor: data.amountDueMinor,
    issueDate: data.issueDate,
    dueDate: data.dueDate,
    references: data.references ?? [],
    aliases: data.aliases ?? [],
  };
}

/** Staff decisions about pairs of these records. */
export async function loadMatchDecisions(q: Queryable, workspaceId: number): Promise<MatchDecision[]> {
  return listInvoiceMatchDecisions(q, workspaceId);
}
