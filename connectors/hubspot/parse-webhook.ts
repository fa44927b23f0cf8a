import type { RawWebhookRequest, WebhookEvent, WebhookParse } from '../../src/connector-kit/index.js';

/** HubSpot subscription object names → the connector's object types. */
const OBJECT_TYPES: Record<string, string> = { company: 'companies', contact: 'contacts', deal: 'deals', ticket: 'tickets' };

interface HubSpotEvent {
  eventId?: unknown;
  subscriptionType?: unknown;
  objectId?: unknown;
  occurredAt?: unknown;
  portalId?: unknown;
}

/**
 * A delivery is a JSON array of thin events (ids only). Events for objects this hub does
 * not sync (products...) are accepted and ignored; a body that is not an array of
 * well-formed events is rejected whole, with the reason.
 */
export function parseHubSpotWebhook(request: RawWebhookRequest): WebhookParse {
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (!Array.isArray(body)) return { ok: false, reason: 'body must be a JSON array of events' };
  const events: WebhookEvent[] = [];
  for (const [index, item] of body.entries()) {
    const event = item as HubSpotEvent;
    if (!event || typeof event !== 'object') return { ok: false, reason: `event ${index} is not an object` };
    if (typeof event.eventId !== 'number' && typeof event.eventId !== 'string') return { ok: false, reason: `event ${index} has no eventId` };
    if (typeof event.subscriptionType !== 'string' || !event.subscriptionType.includes('.')) {
      return { ok: false, reason: `event ${index} has no subscriptionType` };
    }
    if (typeof event.objectId !== 'number' && typeof event.objectId !== 'string') return { ok: false, reason: `event ${index} has no objectId` };
    const [object, change] = event.subscriptionType.split('.', 2) as [string, string];
    const objectType = OBJECT_TYPES[object];
    if (!objectType) continue;
    events.push({
      eventId: String(event.eventId),
      objectType,
      externalId: String(event.objectId),
      occurredAt: typeof event.occurredAt === 'number' ? event.occurredAt : null,
      action: change === 'deletion' || change === 'privacyDeletion' ? 'deleted' : 'changed',
      accountId: event.portalId == null ? null : String(event.portalId),
      raw: event,
    });
  }
  return { ok: true, events };
}
