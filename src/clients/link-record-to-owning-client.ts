import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';

/**
 * Links a record to the client that owns it, when that is certain from the CRM's own
 * associations: the company that was provisioned, and contacts and deals pointing at it.
 * Records that match no client stay unlinked and are never shown to anyone.
 */
export function linkRecordToOwningClient(db: Db, recordId: number): number | null {
  const record = cachedStatement(db, 'SELECT id, connection_id, kind, data, client_id FROM records WHERE id = ?').get(recordId) as
    | { id: number; connection_id: number; kind: string; data: string; client_id: number | null }
    | undefined;
  if (!record) return null;
  let clientId: number | null = null;
  if (record.kind === 'company') {
    const source = cachedStatement(db, 'SELECT client_id FROM client_sources WHERE record_id = ?').get(record.id) as
      | { client_id: number }
      | undefined;
    clientId = source?.client_id ?? null;
  } else if (record.kind === 'contact' || record.kind === 'deal') {
    const companyIds = (JSON.parse(record.data) as { companyExternalIds?: string[] }).companyExternalIds ?? [];
    clientId = clientForCompanies(db, record.connection_id, companyIds);
  }
  if (clientId !== null && clientId !== record.client_id) {
    cachedStatement(db, 'UPDATE records SET client_id = ? WHERE id = ?').run(clientId, record.id);
  }
  return clientId ?? record.client_id;
}

/** The one client the given companies belong to; none when they belong to none or to several (ambiguous). */
export function clientForCompanies(db: Db, connectionId: number, companyExternalIds: string[]): number | null {
  if (companyExternalIds.length === 0) return null;
  const placeholders = companyExternalIds.map(() => '?').join(',');
  const rows = cachedStatement(db, 
      `SELECT DISTINCT cs.client_id FROM records r JOIN client_sources cs ON cs.record_id = r.id
       WHERE r.connection_id = ? AND r.kind = 'company' AND r.external_id IN (${placeholders})`,
    )
    .all(connectionId, ...companyExternalIds) as { client_id: number }[];
  return rows.length === 1 ? rows[0]!.client_id : null;
}
