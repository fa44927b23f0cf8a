import type { AppContext } from '../src/app/app-context.js';
import { writeTransaction } from '../src/db/open-database.js';

const DAY_MS = 86_400_000;
/** Deliveries deleted per transaction: short write locks, so webhooks and syncs keep flowing meanwhile. */
const BATCH = 500;
/** Batches per job: a large backlog is worked off over several scheduler ticks, not in one long job. */
const MAX_BATCHES = 20;

/**
 * Deliveries older than the retention whose events are all applied (or that had none). A delivery
 * with an event still pending is kept whatever its age: its job has not applied it yet.
 * Selected oldest first through webhook_deliveries_received.
 */
export const PRUNABLE_DELIVERIES_SQL = `SELECT d.id FROM webhook_deliveries d
  WHERE d.received_at < ? AND NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.delivery_id = d.id AND e.status = 'pending')
  ORDER BY d.received_at LIMIT ?`;

export function webhookRetentionCutoff(app: AppContext, now: number): number {
  return now - app.config.webhookRetentionDays * DAY_MS;
}

/**
 * Deletes webhook deliveries past CLIENTHUB_WEBHOOK_RETENTION_DAYS, accepted and rejected alike, with
 * their events. The events were the memory of which event ids were seen: a provider re-sending an
 * event older than the retention would apply it again, which is harmless (changed records are
 * fetched fresh, deletions are dated) and no provider retries that long.
 */
export function pruneWebhookDeliveries(app: AppContext, now = Date.now(), limits = { batchSize: BATCH, maxBatches: MAX_BATCHES }): { deleted: number; more: boolean } {
  const cutoff = webhookRetentionCutoff(app, now);
  let deleted = 0;
  for (let batch = 0; batch < limits.maxBatches; batch++) {
    const count = writeTransaction(app.db, () => {
      const ids = (app.db.prepare(PRUNABLE_DELIVERIES_SQL).all(cutoff, limits.batchSize) as { id: number }[]).map((row) => row.id);
      if (ids.length === 0) return 0;
      const placeholders = ids.map(() => '?').join(',');
      app.db.prepare(`DELETE FROM webhook_events WHERE delivery_id IN (${placeholders})`).run(...ids);
      app.db.prepare(`DELETE FROM webhook_deliveries WHERE id IN (${placeholders})`).run(...ids);
      return ids.length;
    });
    deleted += count;
    if (count < limits.batchSize) return { deleted, more: false };
  }
  return { deleted, more: true };
}
