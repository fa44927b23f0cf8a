import express from 'express';
import type { AppContext } from '../src/app/app-context.js';
import type { RawWebhookRequest } from '../connectors/connector.js';
import { recordWebhookDelivery } from './record-webhook-delivery.js';
import { resolveWebhookConnection } from './resolve-webhook-connection.js';
import { acceptWebhookHandshake, webhookSecretLookup } from './webhook-secrets.js';
import { enqueueWithin } from '../src/jobs/enqueue-within.js';
import { webhookJobKey } from '../src/sync/queue-pending-webhook-events.js';

/** How long an acknowledgement waits for the job queue (Redis may be down or slow) before answering anyway. */
const WEBHOOK_ENQUEUE_BOUND_MS = 2_000;

/** Headers never stored with a delivery: they carry credentials, not evidence (x-hook-secret is Asana's signing secret). */
const UNSTORED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-hook-secret']);

/**
 * POST /webhooks/<provider>. Acknowledges fast: verify the signature over the raw bytes,
 * record the delivery and its events (duplicates dropped by event id), queue the work
 * (waiting a bounded time: the stored delivery is what the acknowledgement promises),
 * answer. Every rejected delivery is recorded with its reason.
 */
export function createWebhookRouter(app: AppContext): express.Router {
  const router = express.Router();
  router.post('/:provider', express.raw({ type: () => true, limit: '2mb' }), async (req, res) => {
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
    const stored = { headers: Object.fromEntries(Object.entries(headers).filter(([k]) => !UNSTORED_HEADERS.has(k))), body: rawBody.toString('utf8'), remoteIp: req.ip ?? null };
    const replies = app.connectors.has(provider) ? app.connectors.get(provider).webhook?.respond : undefined;
    const reject = (status: number, reason: string, connectionId: number | null = null) => {
      recordWebhookDelivery(app, { provider, connectionId, ...stored, receivedAt: request.receivedAt, status: 'rejected', reason, events: [] });
      app.logger.warn('webhook rejected', { provider, reason });
      if (!replies) return res.status(status).json({ error: reason });
      const reply = replies.rejected(reason);
      res.status(reply.status ?? status).type(reply.contentType).send(reply.body);
    };

    if (!/^[a-z0-9-]+$/.test(provider) || !app.connectors.has(provider)) return reject(404, `unknown provider "${provider}"`);
    const connector = app.connectors.get(provider);
    if (!connector.webhook) return reject(404, `${connector.displayName} does not send webhooks to this endpoint`);
    // A subscription handshake (Asana's X-Hook-Secret) comes before there is a secret to verify with.
    const handshake = connector.webhook.handshake?.(request);
    if (handshake) {
      if (!handshake.ok) return reject(400, handshake.reason);
      const accepted = acceptWebhookHandshake(app, provider, handshake.hookId, handshake.secret);
      if (!accepted.ok) return reject(401, accepted.reason);
      recordWebhookDelivery(app, { provider, connectionId: accepted.connectionId, ...stored, receivedAt: request.receivedAt, status: 'accepted', reason: `handshake: secret stored for hook ${handshake.hookId}`, events: [] });
      const { reply } = handshake;
      return res.status(reply.status ?? 200).set(reply.headers).type(reply.contentType).send(reply.body);
    }
    const verified = connector.webhook.verify(request, app.config, webhookSecretLookup(app, provider));
    if (!verified.ok) return reject(401, verified.reason);
    const parsed = connector.webhook.parse(request);
    if (!parsed.ok) return reject(400, `malformed payload: ${parsed.reason}`);
    // A signed delivery with no events for the hub is a provider's probe (Xero's intent-to-receive, an
    // Asana heartbeat) or news about objects the hub does not keep (a Stripe product): it only needs a 200.
    if (parsed.events.length === 0) {
      recordWebhookDelivery(app, { provider, connectionId: verified.connectionId ?? null, ...stored, receivedAt: request.receivedAt, status: 'accepted', reason: 'no events for the hub (probe, heartbeat or untracked objects)', events: [] });
      if (replies) {
        const reply = replies.accepted();
        return res.status(reply.status ?? 200).type(reply.contentType).send(reply.body);
      }
      return res.status(200).json({ received: 0, duplicates: 0 });
    }
    // The connection whose own hook secret verified the delivery is the one it belongs to.
    const connection = verified.connectionId != null ? { ok: true as const, connectionId: verified.connectionId } : resolveWebhookConnection(app, provider, parsed.events);
    if (!connection.ok) return reject(422, connection.reason);

    const result = recordWebhookDelivery(app, {
      provider,
      connectionId: connection.connectionId,
      ...stored,
      receivedAt: request.receivedAt,
      status: 'accepted',
      reason: null,
      events: parsed.events,
    });
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
  return router;
}
