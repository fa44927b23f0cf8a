import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';
import type { Invoice } from '../model/unified-model.js';
import type { MatchableInvoice, MatchDecision } from './matchable-invoice.js';

interface Row {
  id: number;
  client_id: number;
  connection_id: number;
  provider: string;
  external_id: string;
  data: string;
}

/** The live, linked invoices of these clients, as matching reads them. */
export function loadMatchableInvoices(db: Db, workspaceId: number, clientIds: number[]): MatchableInvoice[] {
  const statement = cachedStatement(db, `SELECT id, client_id, connection_id, provider, external_id, data FROM records WHERE client_id = ? AND workspace_id = ? AND kind = 'invoice' AND deleted = 0`);
  return clientIds.flatMap((clientId) => (statement.all(clientId, workspaceId) as Row[]).map(toMatchable));
}

export function toMatchable(row: Row): MatchableInvoice {
  const data = JSON.parse(row.data) as Invoice;
  return {
    recordId: row.id,
    clientId: row.client_id,
    connectionId: row.connection_id,
    provider: row.provider,
    externalId: row.external_id,
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
export function loadMatchDecisions(db: Db, workspaceId: number): MatchDecision[] {
  return (cachedStatement(db, 'SELECT record_a, record_b, decision FROM invoice_match_decisions WHERE workspace_id = ?').all(workspaceId) as { record_a: number; record_b: number; decision: 'same' | 'different' }[]).map((row) => ({
    recordA: row.record_a,
    recordB: row.record_b,
    decision: row.decision,
  }));
}
