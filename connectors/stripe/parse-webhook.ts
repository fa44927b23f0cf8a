import type { RawWebhookRequest, WebhookEvent, WebhookParse } from '../../src/connector-kit/index.js';
import { eventTargets } from './event-targets.js';

interface StripeEventBody {
  id?: unknown;
  object?: unknown;
  type?: unknown;
  created?: unknown;
  account?: unknown;
  data?: { object?: Record<string, unknown> };
}

/**
 * One Stripe event per delivery. Its object is not trusted as the current state (deliveries come
 * out of order: invoice.paid can arrive before invoice.finalized), so each object it names is
 * fetched as it is now — which also confirms deletions (deleted customers, 404 drafts).
 * The first object keeps the event id exactly, so a redelivery is dropped as a duplicate;
 * a second object of the same event (an invoice payment's PaymentIntent) gets a suffixed id.
 */
export function parseStripeWebhook(request: RawWebhookRequest): WebhookParse {
  let body: StripeEventBody;
  try {
    body = JSON.parse(request.rawBody.toString('utf8')) as StripeEventBody;
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (!body || body.object !== 'event' || typeof body.id !== 'string' || typeof body.type !== 'string') return { ok: false, reason: 'body is not a Stripe event (object "event" with id and type)' };
  if (!body.data?.object || typeof body.data.object !== 'object') return { ok: false, reason: `event ${body.id} has no data.object` };
  const occurredAt = typeof body.created === 'number' ? body.created * 1000 : null;
  // Connect deliveries name the connected account; direct ones name none.
  const accountId = typeof body.account === 'string' ? body.account : null;
  const events: WebhookEvent[] = eventTargets(body).map((target, index) => ({
    eventId: index === 0 ? body.id as string : `${body.id as string}#${target.objectType}`,
    objectType: target.objectType,
    externalId: target.id,
    occurredAt,
    action: 'changed',
    accountId,
    raw: { id: body.id, type: body.type, created: body.created, account: body.account ?? null, object: { object: body.data?.object?.object, id: body.data?.object?.id } },
  }));
  return { ok: true, events };
}
