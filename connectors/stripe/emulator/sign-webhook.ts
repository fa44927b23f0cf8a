/**
 * Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`
 * keyed with the endpoint's whsec_ secret. Events are fat: the object is in `data.object`.
 */
import { createHmac } from 'node:crypto';
import type { StripeObject } from './stripe-objects.js';
import { PLACEHOLDER_URL } from './stripe-emulator-store.js';

export function signStripePayload(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** Posts one event as Stripe delivers it (one event per request); `emulatorUrl` fills in the event's hosted-page links. */
export async function deliverStripeWebhook(input: { postTo: string; secret: string; event: StripeObject; timestamp?: number; emulatorUrl?: string }): Promise<Response> {
  const body = JSON.stringify(input.event, null, 2).replaceAll(PLACEHOLDER_URL, input.emulatorUrl ?? PLACEHOLDER_URL);
  return fetch(input.postTo, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signStripePayload(body, input.secret, input.timestamp), 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
    body,
  });
}
