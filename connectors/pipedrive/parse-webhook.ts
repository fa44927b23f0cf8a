import type { RawWebhookRequest, WebhookEvent, WebhookParse } from '../../src/connector-kit/index.js';
import { toMillis } from './pipedrive-records.js';

/** Webhook entities → the connector's object types; others (activities, notes, leads…) are accepted and ignored. */
const OBJECT_TYPES: Record<string, string> = { deal: 'deals', person: 'persons', organization: 'organizations', user: 'users' };
const ACTIONS = new Set(['create', 'change', 'delete']);

interface WebhookMeta {
  action?: unknown;
  entity?: unknown;
  entity_id?: unknown;
  id?: unknown;
  company_id?: unknown;
  timestamp?: unknown;
  version?: unknown;
}

const idText = (value: unknown): string | null => (typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * A webhooks v2 delivery is one JSON object: `meta` (action create/change/delete, entity,
 * entity_id, the event's id, company_id, timestamp) with `data` and `previous`. The hub keeps the
 * event thin and fetches the record by id, so it never trusts `data`. A body that is not a v2
 * event is refused with the reason; an entity the hub does not sync is accepted with no events.
 */
export function parsePipedriveWebhook(request: RawWebhookRequest): WebhookParse {
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'body must be a JSON object with a meta block (webhooks v2)' };
  const meta = (body as { meta?: unknown }).meta as WebhookMeta | undefined;
  if (!meta || typeof meta !== 'object') return { ok: false, reason: 'body has no meta block (is the webhook version 2.0?)' };
  // v1 deliveries carry meta.v and actions added/updated/deleted/merged: a webhook made without version 2.0.
  if (meta.version === undefined && (meta as { v?: unknown }).v !== undefined) return { ok: false, reason: 'a webhooks v1 delivery: create the webhook with version 2.0' };
  if (meta.version !== undefined && meta.version !== '2.0') return { ok: false, reason: `webhook version ${JSON.stringify(meta.version)} is not supported: create the webhook with version 2.0` };
  if (typeof meta.action !== 'string' || !ACTIONS.has(meta.action)) return { ok: false, reason: 'meta.action must be create, change or delete' };
  if (typeof meta.entity !== 'string' || meta.entity === '') return { ok: false, reason: 'meta.entity is missing' };
  const entityId = idText(meta.entity_id);
  if (entityId === null) return { ok: false, reason: 'meta.entity_id is missing' };
  const eventId = idText(meta.id);
  if (eventId === null) return { ok: false, reason: 'meta.id (the event id) is missing' };
  const objectType = OBJECT_TYPES[meta.entity];
  if (!objectType) return { ok: true, events: [] };
  // v2 sends an RFC 3339 timestamp; a bare number is taken as seconds (the v1 style).
  const occurredAt = typeof meta.timestamp === 'number' ? meta.timestamp * 1000 : toMillis(meta.timestamp);
  const event: WebhookEvent = {
    eventId,
    objectType,
    externalId: entityId,
    occurredAt,
    action: meta.action === 'delete' ? 'deleted' : 'changed',
    accountId: idText(meta.company_id),
    raw: { meta },
  };
  return { ok: true, events: [event] };
}
