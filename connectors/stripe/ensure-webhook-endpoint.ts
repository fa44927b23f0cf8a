import { randomBytes } from 'node:crypto';
import type { ConnectorContext, WebhookMaintenance, WebhookRegistry } from '../../src/connector-kit/index.js';
import { callStripe } from './call-stripe.js';
import { stripeSettings } from './settings.js';

/** The events the connector acts on (parse-webhook.ts): objects it keeps, and what changes them. */
export const STRIPE_WEBHOOK_EVENTS = [
  'customer.created', 'customer.updated', 'customer.deleted',
  'invoice.created', 'invoice.finalized', 'invoice.updated', 'invoice.paid', 'invoice.payment_failed', 'invoice.voided', 'invoice.marked_uncollectible', 'invoice.deleted',
  'invoice_payment.paid',
  'payment_intent.succeeded', 'payment_intent.canceled',
  'charge.refunded', 'charge.refund.updated', 'refund.created', 'refund.updated',
];

/**
 * Subscribes the hub to the account's events by creating a webhook endpoint through the API
 * (`POST /v1/webhook_endpoints`), keeping the signing secret Stripe returns only on creation,
 * sealed. An endpoint the hub made that Stripe disabled is enabled again; one whose secret the hub
 * lost is replaced. With STRIPE_WEBHOOK_SECRET set, the endpoint is managed by hand and left alone.
 */
export async function ensureStripeWebhookEndpoint(ctx: ConnectorContext, registry: WebhookRegistry): Promise<WebhookMaintenance> {
  const report: WebhookMaintenance = { created: 0, recreated: 0, removed: 0, kept: 0 };
  if (stripeSettings.read(ctx.config).webhookSecret) return { ...report, skipped: 'STRIPE_WEBHOOK_SECRET is set: the endpoint is configured by hand in the Stripe dashboard' };
  if (stripeSettings.read(ctx.config).host === 'api.stripe.com' && !ctx.config.publicUrl.startsWith('https://')) {
    return { ...report, skipped: 'Stripe delivers only to a public https URL: set PUBLIC_URL to one' };
  }
  const known = await registry.list();
  const endpoints = await callStripe(ctx, (stripe) => stripe.webhookEndpoints.list({ limit: 100 }));
  const ours = endpoints.data.filter((endpoint) => known.some((hook) => hook.remoteId === endpoint.id));
  for (const endpoint of ours) {
    const hook = known.find((h) => h.remoteId === endpoint.id)!;
    if (!hook.hasSecret) {
      // Stripe shows a secret only when it creates an endpoint: without it, deliveries cannot be verified.
      await callStripe(ctx, (stripe) => stripe.webhookEndpoints.del(endpoint.id));
      await registry.forget(hook.hookId);
      report.removed++;
      continue;
    }
    if (endpoint.status === 'disabled') {
      await callStripe(ctx, (stripe) => stripe.webhookEndpoints.update(endpoint.id, { disabled: false, enabled_events: STRIPE_WEBHOOK_EVENTS as never }));
      report.recreated++;
    } else report.kept++;
  }
  // Hooks the hub remembers that Stripe no longer has (deleted in the dashboard): forgotten, then made anew.
  for (const hook of known) if (!endpoints.data.some((e) => e.id === hook.remoteId)) await registry.forget(hook.hookId);
  if (report.kept + report.recreated > 0) return report;
  const hookId = `${ctx.connectionId}-stripe-${randomBytes(8).toString('hex')}`;
  const created = await callStripe(ctx, (stripe) =>
    stripe.webhookEndpoints.create({ url: registry.targetUrl(hookId), enabled_events: STRIPE_WEBHOOK_EVENTS as never, description: 'ClientHub sync hub', metadata: { clienthub_connection: String(ctx.connectionId) } }),
  );
  if (!created.secret) throw new Error('Stripe created the webhook endpoint but returned no signing secret');
  await registry.storeSecret(hookId, created.id, created.secret);
  report.created++;
  return report;
}
