import type { Queryable } from '../store.js';

export interface MatchableInvoiceRow {
  id: number;
  clientId: number;
  connectionId: number;
  provider: string;
  externalId: string;
  /** The unified invoice as stored (JSON). */
  data: string;
}

const SLICE = 500;

/** The live invoices of these clients of a workspace, grouped by client in the order given, oldest id first within each. */
export async function listMatchableInvoiceRows(q: Queryable, workspaceId: number, clientIds: readonly number[]): Promise<MatchableInvoiceRow[]> {
  const unique = [...new Set(clientIds)];
  const byClient = new Map<number, MatchableInvoiceRow[]>(unique.map((id) => [id, []]));
  for (let i = 0; i < unique.length; i += SLICE) {
    const rows = await q
      .selectFrom('records')
      .select(['id', 'client_id as clientId', 'connection_id as connectionId', 'provider', 'external_id as externalId', 'data'])
      .where('client_id', 'in', unique.slice(i, i + SLICE))
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', 'invoice')
      .where('deleted', '=', 0)
      .orderBy('id')
      .execute();
    for (const row of rows) byClient.get(row.clientId!)!.push({ ...row, clientId: row.clientId! });
  }
  return [...byClient.values()].flat();
}
