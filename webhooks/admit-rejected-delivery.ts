import type { AppContext } from '../src/app/app-context.js';
import { ATTEMPT_RULES, reserveAttempt, type AttemptKey } from '../src/auth/attempt-limits.js';

/**
 * Whether a rejected delivery from this address may still be recorded, counted in the database
 * (rate_windows) so every process serving webhooks shares the count. Past the limit the caller
 * answers 429 and stores nothing: forged deliveries then cost a forger bandwidth, not us disk.
 *
 * Only rejections count, and a locked address can still deliver verified webhooks: providers send
 * from shared address pools, so locking an address outright would let anyone with an account at the
 * same provider silence the hub's real deliveries by sending it bad ones.
 */
export async function admitRejectedDelivery(app: AppContext, ip: string | null, now = Date.now()): Promise<{ admitted: true } | { admitted: false; retryAfterSeconds: number }> {
  const keys: AttemptKey[] = [{ rule: 'webhookRejectedIp', subject: ip ?? 'unknown' }];
  // Reserved atomically: concurrent forged deliveries cannot all slip under the limit.
  const reservation = await reserveAttempt(app.store, app.keyring.signingKey, keys, now);
  if (!reservation.ok) return { admitted: false, retryAfterSeconds: Math.ceil(reservation.retryAfterMs / 1000) };
  if (reservation.exhausted.length > 0) {
    const { limit, windowMs } = ATTEMPT_RULES.webhookRejectedIp;
    app.logger.warn('webhook rejections from one address reached the limit: more are answered 429 and not recorded', { ip, limit, windowMinutes: windowMs / 60_000 });
  }
  return { admitted: true };
}
