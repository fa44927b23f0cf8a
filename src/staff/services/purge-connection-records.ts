import type { Queryable } from '../../store/store.js';
import { deleteConnectionRecords } from '../../store/records/delete-connection-records.js';

/**
 * Deletes what a connection synced: its records and everything that points at them (change
 * history, identity links and reviews, invoice matches, client sources, provisioning markers, dead letters,
 * cursors). Clients, portal users and the audit log stay: they are the business's, not the
 * provider's. Call it with the caller's transaction; returns how many records went.
 */
export async function purgeConnectionRecords(q: Queryable, connectionId: number): Promise<number> {
  return deleteConnectionRecords(q, connectionId);
}
