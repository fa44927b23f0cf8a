import { createHmac } from 'node:crypto';
import { type AppConfig, type RawWebhookRequest, type WebhookEvent, type WebhookParse, type WebhookVerification, constantTimeEqual } from '../../src/connector-kit/index.js';
import { xeroSettings } from './settings.js';

/** x-xero-signature: base64 HMAC-SHA256 of the raw body with the webhook key. Xero's intent-to-receive check expects 401 when it does not match. */
export function verifyXeroWebhook(request: RawWebhookRequest, config: AppConfig): WebhookVerification {
  const key = xeroSettings.read(config).webhookKey;
  if (!key) return { ok: false, reason: 'XERO_WEBHOOK_KEY is not configured, so Xero signatures cannot be verified' };
  const signature = request.headers['x-xero-signature'];
  if (!signature) return { ok: false, reason: 'missing x-xero-signature header' };
  const expected = createHmac('sha256', key).update(request.rawBody).digest('base64');
  return constantTimeEqual(expected, signature) ? { ok: true } : { ok: false, reason: 'signature does not match (x-xero-signature)' };
}

const CATEGORIES: Record<string, string> = { INVOICE: 'Invoice', CONTACT: 'Contact' };

interface XeroEvent {
  resourceId?: unknown;
  tenantId?: unknown;
  eventCategory?: unknown;
  eventType?: unknown;
  eventDateUtc?: unknown;
}

/** `{ events: [...], firstEventSequence, lastEventSequence, entropy }`; thin events name resources to fetch. An empty list is Xero's intent-to-receive probe. */
export function parseXeroWebhook(request: RawWebhookRequest): WebhookParse {
  let body: { events?: unknown; entropy?: unknown };
  try {
    body = JSON.parse(request.rawBody.toString('utf8')) as typeof body;
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (!body || !Array.isArray(body.events)) return { ok: false, reason: 'body has no events array' };
  const events: WebhookEvent[] = [];
  for (const [index, item] of (body.events as XeroEvent[]).entries()) {
    if (typeof item?.resourceId !== 'string' || typeof item.tenantId !== 'string' || typeof item.eventCategory !== 'string') {
      return { ok: false, reason: `event ${index} lacks resourceId, tenantId or eventCategory` };
    }
    const objectType = CATEGORIES[item.eventCategory];
    if (!objectType) continue;
    const at = typeof item.eventDateUtc === 'string' ? Date.parse(`${item.eventDateUtc}Z`) : NaN;
    events.push({
      // Xero sends no event id: resource, type and time identify a delivery of the same change.
      eventId: `${item.tenantId}:${item.eventCategory}:${item.resourceId}:${String(item.eventType)}:${String(item.eventDateUtc)}`,
      objectType,
      externalId: item.resourceId,
      occurredAt: Number.isNaN(at) ? null : at,
      action: 'changed',
      accountId: item.tenantId,
      raw: item,
    });
  }
  return { ok: true, events };
}
