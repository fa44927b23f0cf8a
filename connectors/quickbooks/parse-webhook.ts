import type { RawWebhookRequest, WebhookEvent, WebhookParse } from '../../src/connector-kit/index.js';
import { isQuickBooksEntityType } from './entity-types.js';

/** CloudEvents type names → entity names ("qbo.invoice.created.v1" → Invoice). */
const ENTITY_NAMES: Record<string, string> = { customer: 'Customer', invoice: 'Invoice', payment: 'Payment', creditmemo: 'CreditMemo' };

interface CloudEvent {
  id?: unknown;
  type?: unknown;
  time?: unknown;
  intuitentityid?: unknown;
  intuitaccountid?: unknown;
}

interface LegacyNotifications {
  eventNotifications?: { realmId?: string; dataChangeEvent?: { entities?: { name?: string; id?: string; operation?: string; lastUpdated?: string }[] } }[];
}

/**
 * Intuit sends CloudEvents (a JSON array, since November 2025) or the older
 * `eventNotifications` document; both only name changed entities. Entities this hub does not
 * sync are accepted and ignored.
 */
export function parseQuickBooksWebhook(request: RawWebhookRequest): WebhookParse {
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  const events: WebhookEvent[] = [];
  if (Array.isArray(body)) {
    for (const [index, item] of (body as CloudEvent[]).entries()) {
      const match = typeof item?.type === 'string' ? /^qbo\.(\w+)\.(\w+)\.v\d+$/.exec(item.type) : null;
      if (!match || typeof item.id !== 'string' || item.intuitentityid == null || item.intuitaccountid == null) {
        return { ok: false, reason: `event ${index} is not a QuickBooks CloudEvent (id, type qbo.<entity>.<action>.v1, intuitentityid, intuitaccountid)` };
      }
      const objectType = ENTITY_NAMES[match[1]!.toLowerCase()];
      if (!objectType || !isQuickBooksEntityType(objectType)) continue;
      const time = typeof item.time === 'string' ? Date.parse(item.time) : NaN;
      events.push({
        eventId: item.id,
        objectType,
        externalId: String(item.intuitentityid),
        occurredAt: Number.isNaN(time) ? null : time,
        action: match[2] === 'deleted' ? 'deleted' : 'changed',
        accountId: String(item.intuitaccountid),
        raw: item,
      });
    }
    return { ok: true, events };
  }
  const legacy = body as LegacyNotifications;
  if (!Array.isArray(legacy?.eventNotifications)) return { ok: false, reason: 'body is neither a CloudEvents array nor an eventNotifications document' };
  for (const notification of legacy.eventNotifications) {
    for (const entity of notification.dataChangeEvent?.entities ?? []) {
      if (!entity.name || !entity.id || !isQuickBooksEntityType(entity.name)) continue;
      const at = Date.parse(entity.lastUpdated ?? '');
      events.push({
        // The old format has no event id: the change itself identifies it.
        eventId: `${notification.realmId}:${entity.name}:${entity.id}:${entity.operation}:${entity.lastUpdated}`,
        objectType: entity.name,
        externalId: entity.id,
        occurredAt: Number.isNaN(at) ? null : at,
        action: entity.operation === 'Delete' ? 'deleted' : 'changed',
        accountId: notification.realmId ?? null,
        raw: entity,
      });
    }
  }
  return { ok: true, events };
}
