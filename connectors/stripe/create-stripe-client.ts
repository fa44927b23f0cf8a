import Stripe from 'stripe';
import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { stripeSettings } from './settings.js';

/** The SDK retries 409, 5xx and dropped connections itself, never 429s (call-stripe.ts handles those). */
const MAX_NETWORK_RETRIES = 2;

const clients = new Map<string, Stripe>();

/** The connected account requests act for (Connect's Stripe-Account header), if any. */
export function stripeAccountOf(ctx: ConnectorContext): string | undefined {
  const fromSettings = ctx.settings.stripeAccount;
  return typeof fromSettings === 'string' && fromSettings ? fromSettings : undefined;
}

/**
 * An SDK client for this connection: its secret or restricted key, the Connect account when one
 * is set, and the endpoint from STRIPE_BASE_URL. The SDK pins the API version (2026-10-28.endive).
 * Clients are kept per key and endpoint: building one sets up every resource of the API.
 */
export async function stripeClient(ctx: ConnectorContext): Promise<Stripe> {
  const key = await ctx.getAccessToken();
  const { host, port, protocol } = stripeSettings.read(ctx.config);
  const stripeAccount = stripeAccountOf(ctx);
  // The SDK's own timeout is per try (80 s by default): its tries together stay within CLIENTHUB_PROVIDER_TIMEOUT_MS.
  const timeout = Math.max(1_000, Math.floor(ctx.config.providerTimeoutMs / (MAX_NETWORK_RETRIES + 1)));
  const cacheKey = JSON.stringify([key, stripeAccount ?? null, host, port, protocol, timeout]);
  let client = clients.get(cacheKey);
  if (!client) {
    client = new Stripe(key, { host, port, protocol, maxNetworkRetries: MAX_NETWORK_RETRIES, timeout, telemetry: false, ...(stripeAccount ? { stripeAccount } : {}) });
    clients.set(cacheKey, client);
  }
  return client;
}

/** Live mode allows 100 operations a second, test mode (sandboxes) 25: stay under either. */
export function stripeBudgets(key: string): { limit: number; windowMs: number }[] {
  return [{ limit: /^(sk|rk)_live_/.test(key) ? 80 : 20, windowMs: 1_000 }];
}
