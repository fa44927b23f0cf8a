import type { AppContext } from '../src/app/app-context.js';
import { ATTEMPT_RULES, storageKey, windowStart } from '../src/auth/attempt-limits.js';
import { deliveryStoreOf } from '../src/db/delivery-handle.js';
import { reserveAttemptWindow } from '../src/store/attempts/reserve-attempt-window.js';

/**
 * Whether a rejected delivery from this address may still be recorded, counted in the database
 * (rate_windows, as the sign-in limits are) so every process serving webhooks shares the count. Past
 * the limit the caller answers 429 and stores nothing: forged deliveries then cost a forger bandwidth, not us disk.
 *
 * Only rejections count, and a locked address can still deliver verified webhooks: providers send
 * from shared address pools, so locking an address outright would let anyone with an account at the
 * same provider silence the hub's real deliveries by sending it bad ones.
 */
export async function admitRejectedDelivery(
  app: AppContext,
  ip: string | null,
  now = Date.now(),
): Promise<{ admitted: true } | { admitted: false; retryAfterSeconds: number }> {
  const rule = ATTEMPT_RULES.webhookRejectedIp;
  const start = windowStart(rule, now);
  const key = storageKey(app.keyring.signingKey, { rule: 'webhookRejectedIp', subject: ip ?? 'unknown' });
  // Reserved atomically (concurrent forged deliveries cannot all slip under the limit), through the
  // acknowledgement path's store: a rejection's answer does not wait behind a job either.
  const used = await deliveryStoreOf(app).transaction((tx) => reserveAttemptWindow(tx, key, start, rule.limit));
  if (used === undefined) return { admitted: false, retryAfterSeconds: Math.ceil((start + rule.windowMs - now) / 1000) };
  if (used === rule.limit) {
    app.logger.warn('webhook rejections from one address reached the limit: more are answered 429 and not recorded', { ip, limit: rule.limit, windowMinutes: rule.windowMs / 60_000 });
  }
  return { admitted: true };
}
