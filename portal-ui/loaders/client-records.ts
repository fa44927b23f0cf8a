import type { Db } from '../../src/db/open-database.js';
import type { RecordData, RecordKind } from '../../src/model/unified-model.js';
import { cachedStatement } from '../../src/db/cached-statement.js';

/** A cached record as the portal uses it: its data plus where it came from and when it was synced. */
export interface ClientRecord<K extends RecordKind> {
  id: number;
  connectionId: number;
  provider: string;
  externalId: string;
  syncedAt: number;
  version: number;
  data: RecordData<K>;
}

interface Row {
  id: number;
  connection_id: number;
  provider: string;
  external_id: string;
  synced_at: number;
  version: number;
  data: string;
}

/*
 * The only way portal loaders read records. Every query here has `client_id = ? AND deleted = 0`
 * built in, with the client id taken from the session: no caller can forget the scope, and a
 * deleted record or another client's record is as absent as one that never existed.
 */
const COLUMNS = 'id, connection_id, provider, external_id, synced_at, version, data';

export function listClientRecords<K extends RecordKind>(db: Db, clientId: number, kind: K): ClientRecord<K>[] {
  const rows = cachedStatement(db, `SELECT ${COLUMNS} FROM records WHERE client_id = ? AND kind = ? AND deleted = 0 ORDER BY id`).all(clientId, kind) as Row[];
  return rows.map((row) => toClientRecord<K>(row));
}

export function findClientRecord<K extends RecordKind>(db: Db, clientId: number, kind: K, recordId: number): ClientRecord<K> | null {
  const row = cachedStatement(db, `SELECT ${COLUMNS} FROM records WHERE client_id = ? AND kind = ? AND deleted = 0 AND id = ?`).get(clientId, kind, recordId) as Row | undefined;
  return row ? toClientRecord<K>(row) : null;
}

export function toClientRecord<K extends RecordKind>(row: Row): ClientRecord<K> {
  return {
    id: row.id,
    connectionId: row.connection_id,
    provider: row.provider,
    externalId: row.external_id,
    syncedAt: row.synced_at,
    version: row.version,
    data: JSON.parse(row.data) as RecordData<K>,
  };
}

/** Today's calendar day (UTC), to compare with ISO dates from providers. */
export function todayOf(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}
