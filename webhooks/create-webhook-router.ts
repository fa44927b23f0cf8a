import express from 'express';
import type { AppContext } from '../src/app/app-context.js';
import type { RawWebhookRequest } from '../src/connector-kit/connector.js';
import { recordWebhookDelivery } from './record-webhook-delivery.js';
import { deliveryStoreOf } from '../src/db/delivery-handle.js';
import { resolveWebhookConnection } from './resolve-webhook-connection.js';
import { acceptWebhookHandshake, webhookSecretLookup } from './webhook-secrets.js';
import { admitRejectedDelivery } from './admit-rejected-delivery.js';
import { webhookDeliveries } from '../src/metrics/process-metrics.js';
import { clientErrorStatus } from '../src/http/create-error-handler.js';

/** Larger than any provider's delivery (Salesforce batches up to 100 notifications in one SOAP message). */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;
import { enqueueWithin } from '../src/jobs/enqueue-within.js';
import { webhookJobKey } from '../src/sync/queue-pending-webhook-events.js';

/** How long an acknowledgement waits for the job queue (Redis may be down or slow) before answering anyway. */
const WEBHOOK_ENQUEUE_BOUND_MS = 750;

/** Headers never stored with a delivery: they carry credentials, not evidence (x-hook-secret is Asana's signing secret). */
const UNSTORED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-hook-secret']);

/**
 * POST /webhooks/<provider>. Acknowledges fast: verify the signature over the raw bytes,
 * record the delivery and its events (duplicates dropped by event id), queue the work
 * (waiting a bounded time: the stored delivery is what the acknowledgement promises),
 * answer. Every rejected delivery is recorded with its reason (and a bounded prefix of its body),
 * up to a limit per address (admitRejectedDelivery); past it, 429 and nothing stored.
 */
export function createWebhookRouter(app: AppContext): express.Router {
  const router = express.Router();
  router.post('/:provider', express.raw({ type: () => true, limit: BODY_LIMIT_BYTES }), async (req, res) => {
    const provider = String(req.params.provider);
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const request: RawWebhookRequest = {
      method: req.method,
      url: app.config.publicUrl + req.originalUrl,
      headers,
      rawBody,
      receivedAt: Date.now(),
    };
    const stored = storedParts(req, rawBody);
    const replies = repliesOf(app, provider);
    const reject = (status: number, reason: string, connectionId: number | null = null) => rejectDelivery(app, req, res, { provider, connectionId, status, reason, body: rawBody });

    if (!/^[a-z0-9-]+$/.test(provider) || !app.connectors.has(provider)) {
      // The name comes from the address: stored only up to a length no provider name reaches.
      const named = provider.slice(0, 64);
      return rejectDelivery(app, req, res, { provider: named, connectionId: null, status: 404, reason: `unknown provider "${named}"`, body: rawBody });
    }
    const connector = app.connectors.get(provider);
    if (!connector.webhook) return reject(404, `${connector.displayName} does not send webhooks to this endpoint`);
    // A subscription handshake (Asana's X-Hook-Secret) comes before there is a secret to verify with.
    const handshake = connector.webhook.handshake?.(request);
    if (handshake) {
      if (!handshake.ok) return reject(400, handshake.reason);
      const accepted = await acceptWebhookHandshake(app, provider, handshake.hookId, handshake.secret);
      if (!accepted.ok) return reject(401, accepted.reason);
      await recordWebhookDelivery(deliveryStoreOf(app), { provider, connectionId: accepted.connectionId, ...stored, receivedAt: request.receivedAt, status: 'accepted', reason: `handshake: secret stored for hook ${handshake.hookId}`, events: [] });
      webhookDeliveries.inc({ provider, outcome: 'accepted' });
      const { reply } = handshake;
      return res.status(reply.status ?? 200).set(reply.headers).type(reply.contentType).send(reply.body);
    }
    const verified = connector.webhook.verify(request, app.config, await webhookSecretLookup(app, provider, request.url));
    if (!verified.ok) return reject(401, verified.reason);
    const parsed = connector.webhook.parse(request);
    if (!parsed.ok) return reject(400, `malformed payload: ${parsed.reason}`);
    // A signed delivery with no events for the hub is a provider's probe (Xero's intent-to-receive, an
    // Asana heartbeat) or news about objects the hub does not keep (a Stripe product): it only needs a 200.
    if (parsed.events.length === 0) {
      await recordWebhookDelivery(deliveryStoreOf(app), { provider, connectionId: verified.connectionId ?? null, ...stored, receivedAt: request.receivedAt, status: 'accepted', reason: 'no events for the hub (probe, heartbeat or untracked objects)', events: [] });
      webhookDeliveries.inc({ provider, outcome: 'accepted' });
      if (replies) {
        const reply = replies.accepted();
        return res.status(reply.status ?? 200).type(reply.contentType).send(reply.body);
      }
      return res.status(200).json({ received: 0, duplicates: 0 });
    }
    // The connection whose own hook secret verified the delivery is the one it belongs to.
    const connection = verified.connectionId != null ? { ok: true as const, connectionId: verified.connectionId } : await resolveWebhookConnection(app, provider, parsed.events);
    if (!connection.ok) return reject(422, connection.reason);

    // Stored before the answer, through the acknowledgement path's own store (a pooled PostgreSQL
    // connection; on SQLite a connection of its own that waits for the write lock in timers, not behind
    // a job's transaction), so a 200 always means the delivery is in the database.
    const delivery = { provider, connectionId: connection.connectionId, ...stored, receivedAt: request.receivedAt, status: 'accepted' as const, reason: null, events: parsed.events };
    const result = await recordWebhookDelivery(deliveryStoreOf(app), delivery);
    // A delivery whose every event was seen before is the provider redelivering: its own outcome.
    webhookDeliveries.inc({ provider, outcome: result.newEvents === 0 && result.duplicates > 0 ? 'duplicate' : 'accepted' });
    // The delivery is durable now, so the answer does not wait on the queue for long: a job not queued
    // within the bound is queued by the sweeper (or by the provider's redelivery of a still-pending event).
    const deliveryIds = [...(result.newEvents > 0 ? [result.deliveryId] : []), ...result.pendingDeliveryIds];
    await Promise.all(
      deliveryIds.map((deliveryId) =>
        enqueueWithin(app, WEBHOOK_ENQUEUE_BOUND_MS, 'webhook.process', { deliveryId, connectionId: connection.connectionId }, { dedupeKey: webhookJobKey(deliveryId) }),
      ),
    );
    if (replies) {
      const reply = replies.accepted();
      return res.status(reply.status ?? 200).type(reply.contentType).send(reply.body);
    }
    res.status(200).json({ received: parsed.events.length, duplicates: result.duplicates });
  });
  // A body too large (413) or unreadable (400) never reaches the route: it is a rejected delivery
  // like any other, answered in the provider's own format; never a stack trace.
  router.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const provider = /^\/([^/?]+)/.exec(req.path)?.[1] ?? '';
    const status = clientErrorStatus(error);
    if (status < 500) {
      const reason = status === 413 ? `body larger than ${BODY_LIMIT_BYTES / 1024 / 1024} MB` : status === 415 ? 'unsupported content encoding' : 'the request body could not be read';
      return rejectDelivery(app, req, res, { provider: provider.slice(0, 64), connectionId: null, status, reason, body: Buffer.alloc(0), keepStatus: true });
    }
    // Ours, not the sender's: logged with its stack, answered generically with a 500 — or a 503 with
    // Retry-After while the database is out of reach (nothing was stored, so nothing was acknowledged) —
    // in the provider's format (a SOAP fault for Salesforce), so the provider delivers again later.
    webhookDeliveries.inc({ provider: app.connectors.has(provider) ? provider : 'unknown', outcome: 'error' });
    app.logger.error('webhook request failed', { provider, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    if (status === 503) res.set('Retry-After', '30');
    const text = status === 503 ? 'unavailable for a moment; deliver again later' : 'internal error; deliver again later';
    const replies = repliesOf(app, provider);
    if (!replies) return res.status(status).json({ error: text });
    const reply = replies.rejected(text);
    res.status(status).type(reply.contentType).send(reply.body);
  });
  return router;
}

function repliesOf(app: AppContext, provider: string) {
  return app.connectors.has(provider) ? app.connectors.get(provider).webhook?.respond : undefined;
}

function storedParts(req: express.Request, body: Buffer) {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) if (!UNSTORED_HEADERS.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { headers, body, remoteIp: req.ip ?? null };
}

/** Records a rejected delivery (or, past the address's limit, answers 429 and records nothing) and answers it. */
async function rejectDelivery(
  app: AppContext,
  req: express.Request,
  res: express.Response,
  rejection: { provider: string; connectionId: number | null; status: number; reason: string; body: Buffer; keepStatus?: boolean },
) {
  const replies = repliesOf(app, rejection.provider);
  const admission = await admitRejectedDelivery(app, req.ip ?? null);
  let status = rejection.status;
  let reason = rejection.reason;
  // Unknown provider names are the sender's choice: one label for all of them, not one each.
  webhookDeliveries.inc({ provider: app.connectors.has(rejection.provider) ? rejection.provider : 'unknown', outcome: admission.admitted ? 'rejected' : 'throttled' });
  if (admission.admitted) {
    await recordWebhookDelivery(deliveryStoreOf(app), { provider: rejection.provider, connectionId: rejection.connectionId, ...storedParts(req, rejection.body), receivedAt: Date.now(), status: 'rejected', reason, events: [] });
    app.logger.warn('webhook rejected', { provider: rejection.provider, reason });
  } else {
    status = 429;
    reason = 'too many rejected deliveries from this address; try again later';
    res.set('Retry-After', String(admission.retryAfterSeconds));
  }
  if (!replies) return res.status(status).json({ error: reason });
  const reply = replies.rejected(reason);
  // The provider's own reply format (Salesforce: a SOAP fault, normally with HTTP 500), but a rate
  // limit stays a 429 and an unreadable or oversized body keeps its 400 or 413.
  res.status(status === 429 || rejection.keepStatus ? status : (reply.status ?? status)).type(reply.contentType).send(reply.body);
}
