import type { Db } from '../../src/db/open-database.js';

/**
 * A bench fixture: gives a seeded record its client on the SQLite handle, beside `upsertRecordSync`.
 * The hub sets a record's client with `updateRecordClient` (src/store/records/).
 */
export function linkFixtureRecord(db: Db, recordId: number, clientId: number): void {
  db.prepare('UPDATE records SET client_id = ? WHERE id = ?').run(clientId, recordId);
}
