import type { Db } from '../../src/db/open-database.js';

/**
 * TRANSITIONAL (issue 15): gives a seeded record its client inside a fixture's synchronous
 * transaction (beside `upsertRecordSync`). Everything else sets a record's client with
 * `updateRecordClient` (src/store/records/) or, for an identity decision, `setRecordClient`.
 */
export function linkFixtureRecord(db: Db, recordId: number, clientId: number): void {
  db.prepare('UPDATE records SET client_id = ? WHERE id = ?').run(clientId, recordId);
}
