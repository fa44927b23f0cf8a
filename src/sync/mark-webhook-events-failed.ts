import type { AppContext } from '../app/app-context.js';
import { updateDeliveryEventsFailed } from '../store/webhooks/update-delivery-events-failed.js';

/** A delivery whose job failed for good: its pending events are kept as failed, with the reason, and no longer swept. */
export async function markWebhookEventsFailed(app: AppContext, deliveryId: number, reason: string): Promise<void> {
  await updateDeliveryEventsFailed(app.store.db, deliveryId, reason, Date.now());
}
