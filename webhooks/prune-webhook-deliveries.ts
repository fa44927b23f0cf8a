import type { AppContext } from '../src/app/app-context.js';
import { listPrunableWebhookDeliveries } from '../src/store/webhooks/list-prunable-webhook-deliveries.js';
import { deleteWebhookDeliveries } from '../src/store/webhooks/delete-webhook-deliveries.js';

const DAY_MS = 86_400_000;
/** Deliveries deleted per transaction: short write locks, so webhooks and syncs keep flowing meanwhile. */
const BATCH = 500;
/** Batches per job: a large backlog is worked off over several scheduler ticks, not in one long job. */
const MAX_BATCHES = 20;

export function webhookRetentionCutoff(app: AppContext, now: number): number {
  return now - app.config.webhookRetentionDays * DAY_MS;
}

/** Whether any delivery is past the retention with no event pending: the scheduler queues the prune job only then. */
export async function hasPrunableWebhookDeliveries(app: AppContext, now = Date.now()): Promise<boolean> {
  return (await listPrunableWebhookDeliveries(app.store.db, webhookRetentionCutoff(app, now), 1)).length > 0;
}

/**
 * Deletes webhook deliveries past CLIENTHUB_WEBHOOK_RETENTION_DAYS, accepted and rejected alike, with
 * their events; a delivery with an event still pending is kept whatever its age (its job has not
 * applied it yet). The events were the memory of which event ids were seen: a provider re-sending an
 * event older than the retention would apply it again, which is harmless (changed records are
 * fetched fresh, deletions are dated) and no provider retries that long.
 */
export async function pruneWebhookDeliveries(app: AppContext, now = Date.now(), limits = { batchSize: BATCH, maxBatches: MAX_BATCHES }): Promise<{ deleted: number; more: boolean }> {
  const cutoff = webhookRetentionCutoff(app, now);
  let deleted = 0;
  for (let batch = 0; batch < limits.maxBatches; batch++) {
    const { listed, removed } = await app.store.transaction(async (tx) => {
      const ids = await listPrunableWebhookDeliveries(tx, cutoff, limits.batchSize);
      return { listed: ids.length, removed: await deleteWebhookDeliveries(tx, ids) };
    });
    deleted += removed;
    if (listed < limits.batchSize) return { deleted, more: false };
  }
  return { deleted, more: true };
}
