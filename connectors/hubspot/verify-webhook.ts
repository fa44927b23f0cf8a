import { createHmac } from 'node:crypto';
import { type AppConfig, type RawWebhookRequest, type WebhookVerification, constantTimeEqual } from '../../src/connector-kit/index.js';
import { hubspotSettings } from './settings.js';

/** HubSpot rejects deliveries older than five minutes; so do we (replay protection). */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

/**
 * Signature v3: base64 HMAC-SHA256, keyed with the app's client secret, over
 * method + full request URI + raw body + X-HubSpot-Request-Timestamp (ms).
 * Compared in constant time (the SDK's own helper uses ===).
 */
export function verifyHubSpotWebhook(request: RawWebhookRequest, config: AppConfig): WebhookVerification {
  const secret = hubspotSettings.read(config).clientSecret;
  if (!secret) return { ok: false, reason: 'HUBSPOT_CLIENT_SECRET is not configured, so HubSpot signatures cannot be verified' };
  const signature = request.headers['x-hubspot-signature-v3'];
  const timestamp = request.headers['x-hubspot-request-timestamp'];
  if (!signature) return { ok: false, reason: 'missing X-HubSpot-Signature-v3 header' };
  if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: 'missing or malformed X-HubSpot-Request-Timestamp header' };
  const age = request.receivedAt - Number(timestamp);
  if (age > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: `stale timestamp: signed ${Math.round(age / 1000)} s ago (limit 300 s)` };
  if (age < -MAX_SIGNATURE_AGE_MS) return { ok: false, reason: 'timestamp is in the future' };
  const expected = createHmac('sha256', secret)
    .update(request.method.toUpperCase())
    .update(request.url)
    .update(request.rawBody)
    .update(timestamp)
    .digest('base64');
  if (!constantTimeEqual(expected, signature)) return { ok: false, reason: 'signature does not match (X-HubSpot-Signature-v3)' };
  return { ok: true };
}
