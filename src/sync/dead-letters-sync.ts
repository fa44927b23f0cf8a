import type { Db } from '../db/open-database.js';
import type { DeadLetterInput } from '../store/sync/dead-letter-row.js';

/**
 * TRANSITIONAL (issue 15): a synchronous twin of `recordDeadLetter` on the legacy SQLite handle, left
 * only for the staff console's fixture (portal-ui/staff/testing/seed-staff-world.ts, a synchronous
 * seeder). Same rows as the store version in src/sync/dead-letters.ts; delete it with that seeder's move.
 */
export function recordDeadLetterSync(db: Db, input: DeadLetterInput, now = Date.now()): number {
  // A record that fails the same way again replaces its open entry instead of piling up copies.
  if (input.connectionId != null && input.externalId != null) {
    db.prepare(`DELETE FROM dead_letters WHERE status = 'open' AND connection_id = ? AND object_type = ? AND external_id = ?`).run(
      input.connectionId,
      input.objectType,
      input.externalId,
    );
  }
  const row = db
    .prepare(
      `INSERT INTO dead_letters (workspace_id, connection_id, provider, object_type, external_id, stage, reason, payload,
         source_updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(input.workspaceId, input.connectionId, input.provider, input.objectType, input.externalId, input.stage, input.reason, JSON.stringify(input.payload), input.sourceUpdatedAt, now) as { id: number };
  return row.id;
}
