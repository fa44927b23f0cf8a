import type { AppContext } from '../app/app-context.js';
import { listDeliveriesWithPendingEvents } from '../store/webhooks/list-deliveries-with-pending-events.js';

/** An event still pending this long after it arrived has no job that will process it (or its job is waiting: dedupe keeps that one). */
export const PENDING_EVENT_GRACE_MS = 10_000;

/** The one job key per delivery: the acknowledgement, a redelivery and the sweeper all queue through it. */
export function webhookJobKey(deliveryId: number): string {
  return `webhook:${deliveryId}`;
}

/**
 * A delivery is acknowledged once it is stored, so a job that never got queued (the queue was
 * unreachable, the process died between the two) would leave its events pending for good. The
 * scheduler tick queues them again; a delivery already waiting or running is left to its job.
 */
export async function queuePendingWebhookEvents(app: AppContext, now = Date.now()): Promise<number> {
  const deliveries = await listDeliveriesWithPendingEvents(app.store.db, now - PENDING_EVENT_GRACE_MS, 500);
  let queued = 0;
  for (const { deliveryId, connectionId } of deliveries) {
    const id = await app.jobs.enqueue('webhook.process', { deliveryId, connectionId }, { dedupeKey: webhookJobKey(deliveryId), skipIfRunning: true });
    if (id) queued++;
  }
  if (queued > 0) app.logger.warn('queued webhook deliveries whose events were still pending', { deliveries: queued });
  return queued;
}
