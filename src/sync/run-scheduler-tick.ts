import type { AppContext } from '../app/app-context.js';
import { listConnections } from '../store/connections/list-connections.js';
import { queueStaleDocuments, queueUnlistedDocuments } from '../documents/list-record-documents.js';
import { interruptDeadSyncRuns } from '../store/sync/interrupt-dead-sync-runs.js';
import { findLastSyncStart } from '../store/sync/find-last-sync-start.js';
import { findSyncCursor } from '../store/sync/find-sync-cursor.js';
import { WEBHOOKS_CHECKED_KEY } from './maintain-webhooks.js';
import { hasPrunableWebhookDeliveries } from '../../webhooks/prune-webhook-deliveries.js';
import { queuePendingWebhookEvents } from './queue-pending-webhook-events.js';
import { evaluateAlerts } from '../ops/evaluate-alerts.js';
import { requeueStaleActions } from '../outbox/requeue-stale-actions.js';
import { findProviderMetadata } from '../store/connections/find-provider-metadata.js';
import { hasDigestSubscribers } from '../store/portal-users/has-digest-subscribers.js';
import { hasPendingOutboxMessages } from '../store/mail/has-pending-outbox-messages.js';

/**
 * Housekeeping that runs on a timer, once across all processes:
 * - sync runs whose worker died are closed as interrupted and resumed from their cursor;
 * - each object of each active connection is polled when its interval has passed
 *   (a first run is a backfill); unhealthy connections are left alone until fixed;
 * - email digests are built for portal users who asked for them;
 * - webhook events still pending well after they arrived are queued (their job was never queued);
 * - staff alerts are raised and cleared (src/ops/evaluate-alerts.ts), their mail queued;
 * - queued mail is sent;
 * - webhook deliveries past their retention are pruned.
 */
export async function runSchedulerTick(app: AppContext, now = Date.now()): Promise<{ enqueued: number; resumed: number }> {
  const staleAfterMs = Math.max(app.config.jobs.lockMs * 4, 60_000);
  const dead = await interruptDeadSyncRuns(app.store.db, staleAfterMs, now);
  for (const run of dead) {
    app.logger.warn('sync run interrupted: worker died; resuming', { runId: run.id, connectionId: run.connectionId, objectType: run.objectType });
    await app.jobs.enqueue('sync.pull', { connectionId: run.connectionId, objectType: run.objectType, mode: run.mode }, { dedupeKey: `pull:${run.connectionId}:${run.objectType}`, skipIfRunning: true });
  }
  let enqueued = 0;
  const intervalMs = app.config.pollIntervalSeconds * 1000;
  for (const connection of await listConnections(app.store.db, { status: 'active' })) {
    if (!app.connectors.has(connection.provider)) continue;
    const connector = app.connectors.get(connection.provider);
    for (const { objectType } of [...connector.objectTypes].sort((a, b) => a.order - b.order)) {
      const lastStarted = await findLastSyncStart(app.store.db, connection.id, objectType);
      const cursor = await findSyncCursor(app.store.db, connection.id, objectType);
      const state = { lastStarted, cursor: cursor ?? null };
      if (state?.lastStarted != null && now - state.lastStarted < intervalMs) continue;
      const mode = state?.cursor ? 'incremental' : 'backfill';
      // A pull of this object still running (however long: it may hang until its job times out) gets no twin.
      await app.jobs.enqueue('sync.pull', { connectionId: connection.id, objectType, mode }, { dedupeKey: `pull:${connection.id}:${objectType}`, skipIfRunning: true });
      enqueued++;
    }
    // Connectors that register their own webhooks (Asana: one per project) check them once per poll interval.
    if (connector.maintainWebhooks) {
      const checked = await findProviderMetadata(app.store.db, connection.id, WEBHOOKS_CHECKED_KEY);
      if (checked === undefined || now - Number(JSON.parse(checked)) >= intervalMs) {
        await app.jobs.enqueue('webhooks.maintain', { connectionId: connection.id }, { dedupeKey: `webhooks:${connection.id}` });
      }
    }
  }
  // Portal users who asked for email updates: the job itself decides who is due (immediate or daily).
  if (await hasDigestSubscribers(app.store.db)) await app.jobs.enqueue('notifications.digest', {}, { dedupeKey: 'notifications.digest' });
  await queuePendingWebhookEvents(app, now);
  // Portal actions whose job was never queued (the queue was down when the client acted).
  await requeueStaleActions(app, now);
  // Records linked to a client since their last sync, by whatever path (staff included): their files are listed.
  await queueUnlistedDocuments(app);
  // …and those listed long ago again: files added without their record changing reach the portal too.
  await queueStaleDocuments(app, now);
  // Alerts go before the mail check so their messages leave with this tick; a fault in them must not stop the rest.
  await evaluateAlerts(app, now).catch((error: unknown) => app.logger.error('staff alerts could not be evaluated', { error: error instanceof Error ? error.message : String(error) }));
  if (await hasPendingOutboxMessages(app.store.db)) await app.jobs.enqueue('mail.deliver', {}, { dedupeKey: 'mail.deliver' });
  if (await hasPrunableWebhookDeliveries(app, now)) await app.jobs.enqueue('webhooks.prune', {}, { dedupeKey: 'webhooks.prune' });
  return { enqueued, resumed: dead.length };
}
