import Stripe from 'stripe';
import type { AppConfig, RawWebhookRequest, WebhookSecretLookup, WebhookVerification } from '../../src/connector-kit/index.js';
import { stripeSettings } from './settings.js';

/** The SDK's messages, as the reason staff read on a refused delivery. */
function reasonFor(message: string, header: string, toleranceSeconds: number, receivedAt: number): string {
  if (message.startsWith('Timestamp outside the tolerance zone')) {
    const t = Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
    const age = Number.isFinite(t) ? ` (signed ${Math.floor(receivedAt / 1000) - t}s before it arrived)` : '';
    return `Stripe-Signature timestamp is outside the ${toleranceSeconds}s tolerance${age}: a replay, or a delivery held back too long`;
  }
  if (message.startsWith('No signatures found matching')) return 'signature does not match (Stripe-Signature v1 over the exact raw body with STRIPE_WEBHOOK_SECRET)';
  if (message.startsWith('Unable to extract timestamp')) return 'malformed Stripe-Signature header (expected t=<unix time>,v1=<hex>)';
  if (message.startsWith('No signatures found with expected scheme')) return 'Stripe-Signature header has no v1 signature';
  if (message.startsWith('No webhook payload')) return 'empty body';
  return `Stripe-Signature rejected: ${message.split('\n')[0]}`;
}

/**
 * Stripe-Signature: `t=<unix>,v1=<hex HMAC-SHA256 of "t.rawBody" with the whsec_ secret>`,
 * verified by the SDK over the exact bytes received, before anything parses them, and refused
 * when signed more than STRIPE_WEBHOOK_TOLERANCE_SECONDS before it arrived (replays).
 */
export function verifyStripeWebhook(request: RawWebhookRequest, config: AppConfig, secrets?: WebhookSecretLookup): WebhookVerification {
  // An endpoint the hub created names its hook in the URL; its secret was stored when Stripe made it.
  let hookId: string | null = null;
  try {
    hookId = new URL(request.url).searchParams.get('hook');
  } catch {
    hookId = null;
  }
  const stored = hookId ? secrets?.(hookId) : undefined;
  if (hookId && !stored) return { ok: false, reason: `no signing secret is stored for hook "${hookId}" (an endpoint the hub did not create, or one it replaced)` };
  const secret = stored?.secret ?? stripeSettings.read(config).webhookSecret;
  if (!secret) return { ok: false, reason: 'STRIPE_WEBHOOK_SECRET is not configured, so Stripe signatures cannot be verified' };
  const header = request.headers['stripe-signature'];
  if (!header) return { ok: false, reason: 'missing Stripe-Signature header' };
  const tolerance = stripeSettings.read(config).webhookToleranceSeconds;
  try {
    Stripe.webhooks.constructEvent(request.rawBody, header, secret, tolerance, undefined, request.receivedAt);
    return stored ? { ok: true, connectionId: stored.connectionId } : { ok: true };
  } catch (error) {
    return { ok: false, reason: reasonFor(error instanceof Error ? error.message : String(error), header, tolerance, request.receivedAt) };
  }
}
