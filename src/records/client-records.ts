import type { Queryable } from '../store/store.js';
import type { RecordData, RecordKind } from '../model/unified-model.js';
import type { ClientRecordRow } from '../store/records/client-record-row.js';
import { listClientRecords as listClientRecordRows } from '../store/records/list-client-records.js';
import { findClientRecord as findClientRecordRow } from '../store/records/find-client-record.js';
import { listClientRecordsOfKinds } from '../store/records/list-client-records-of-kinds.js';
import { isReadSnapshot, readOnce } from '../store/read-snapshot.js';

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

/*
 * The only way portal loaders read records. Every query behind these (src/store/records) has
 * `client_id = ? AND deleted = 0` built in, with the client id taken from the session: no caller can forget the scope, and a
 * deleted record or another client's record is as absent as one that never existed.
 */
export async function listClientRecords<K extends RecordKind>(q: Queryable, clientId: number, kind: K): Promise<ClientRecord<K>[]> {
  // Within a read snapshot (a dashboard's cards ask for the same kinds) each kind is read and parsed once.
  const records = await readOnce(q, snapshotKey(clientId, kind), async () => (await listClientRecordRows(q, clientId, kind)).map((row) => toClientRecord<K>(row)));
  return records.slice();
}

/**
 * Within a read snapshot: reads these kinds of the client's records in one statement, so that the
 * loaders asking for each kind next (a dashboard's cards ask for six) find it read. Outside a
 * snapshot nothing would keep the answers, so nothing is read.
 */
export async function prefetchClientRecords(q: Queryable, clientId: number, kinds: readonly RecordKind[]): Promise<void> {
  if (!isReadSnapshot(q)) return;
  const byKind = new Map<string, ClientRecord<RecordKind>[]>(kinds.map((kind) => [kind, []]));
  for (const row of await listClientRecordsOfKinds(q, clientId, kinds)) byKind.get(row.kind)?.push(toClientRecord(row));
  for (const [kind, records] of byKind) await readOnce(q, snapshotKey(clientId, kind), () => Promise.resolve(records));
}

export async function findClientRecord<K extends RecordKind>(q: Queryable, clientId: number, kind: K, recordId: number): Promise<ClientRecord<K> | null> {
  const row = await findClientRecordRow(q, clientId, kind, recordId);
  return row ? toClientRecord<K>(row) : null;
}

const snapshotKey = (clientId: number, kind: string) => `client-records:${clientId}:${kind}`;

export function toClientRecord<K extends RecordKind>(row: ClientRecordRow): ClientRecord<K> {
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
