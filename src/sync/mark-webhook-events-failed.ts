import type { AppContext } from '../app/app-context.js';

/** A delivery whose job failed for good: its pending events are kept as failed, with the reason, and no longer swept. */
export function markWebhookEventsFailed(app: AppContext, deliveryId: number, reason: string): void {
  app.db
    .prepare(`UPDATE webhook_events SET status = 'failed', error = ?, processed_at = ? WHERE delivery_id = ? AND status = 'pending'`)
    .run(reason, Date.now(), deliveryId);
}
