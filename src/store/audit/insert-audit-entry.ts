import type { AuditEntry } from '../../audit/audit-entry.js';
import type { Queryable } from '../store.js';
import { insertAuditEntries } from './insert-audit-entries.js';

/**
 * The store's audit writer: call it with the transaction of the change it describes, so the log
 * never disagrees with the data. One row of insertAuditEntries.
 */
export async function insertAuditEntry(q: Queryable, entry: AuditEntry, at = Date.now()): Promise<void> {
  await insertAuditEntries(q, [{ entry, at }]);
}
