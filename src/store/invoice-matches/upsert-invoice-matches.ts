import type { Queryable } from '../store.js';

export interface InvoiceMatchRow {
  recordId: number;
  workspaceId: number;
  clientId: number;
  /** The record id of the group's shown invoice (its system-of-record copy). */
  groupId: number;
  method: 'system_of_record' | 'reference' | 'number' | 'amount_date' | 'manual';
  confidence: number;
  /** JSON, as stored. */
  detail: string;
}

const SLICE = 500;

/** Stores invoices' group memberships; a record already grouped (under any client) is regrouped. The last row for a record wins. */
export async function upsertInvoiceMatches(q: Queryable, rows: readonly InvoiceMatchRow[], now = Date.now()): Promise<void> {
  const byRecord = new Map(rows.map((row) => [row.recordId, row]));
  const values = [...byRecord.values()].map((row) => ({
    record_id: row.recordId,
    workspace_id: row.workspaceId,
    client_id: row.clientId,
    group_id: row.groupId,
    method: row.method,
    confidence: row.confidence,
    detail: row.detail,
    decided_at: now,
  }));
  for (let i = 0; i < values.length; i += SLICE) {
    await q
      .insertInto('invoice_matches')
      .values(values.slice(i, i + SLICE))
      .onConflict((oc) =>
        oc.column('record_id').doUpdateSet((eb) => ({
          workspace_id: eb.ref('excluded.workspace_id'),
          client_id: eb.ref('excluded.client_id'),
          group_id: eb.ref('excluded.group_id'),
          method: eb.ref('excluded.method'),
          confidence: eb.ref('excluded.confidence'),
          detail: eb.ref('excluded.detail'),
          decided_at: eb.ref('excluded.decided_at'),
        })),
      )
      .execute();
  }
}
