import type Stripe from 'stripe';
import { type ConnectorContext, parseRetryAfter, callProvider, type ProviderFailure, type RateLimitPolicy } from '../../src/connector-kit/index.js';
import { stripeAccountOf, stripeBudgets, stripeClient } from './create-stripe-client.js';

interface StripeFailure {
  type?: string;
  statusCode?: number;
  code?: string;
  message?: string;
  requestId?: string;
  headers?: Record<string, string>;
}

/** The SDK throws StripeError subclasses: statusCode, Stripe's error code and message, the request id for support. */
export function describeStripeFailure(caught: unknown): ProviderFailure {
  const failure = (caught ?? {}) as StripeFailure;
  const status = failure.statusCode;
  const message = failure.message ?? String(caught);
  const details = [failure.code, failure.requestId].filter(Boolean).join(', ');
  return {
    status,
    text: `Stripe ${status ?? 'error'}: ${message}${details ? ` (${details})` : ''}`,
    retryAfterMs: parseRetryAfter(failure.headers?.['retry-after']),
    networkMessage: message,
  };
}

/** True for Stripe's "No such <object>" answer: the object does not exist (any more). */
export function isResourceMissing(caught: unknown): boolean {
  const failure = caught as StripeFailure | null;
  return failure?.statusCode === 404 && failure.code === 'resource_missing';
}

/**
 * One Stripe API call, paced under the account's rate limit, under the engine's rules
 * (src/sync/call-provider.ts). Stripe's 429s (rate_limit, lock_timeout) usually name no wait and
 * clear within a second or two: the shared policy backs off in place from a second.
 */
export async function callStripe<T>(ctx: ConnectorContext, call: (stripe: Stripe) => Promise<T>, rateLimit?: Partial<RateLimitPolicy>): Promise<T> {
  return callProvider(ctx, { provider: 'Stripe', describe: describeStripeFailure, rateLimit }, async (timed) => {
    const stripe = await stripeClient(ctx);
    await ctx.pace(`stripe:${stripeAccountOf(ctx) ?? `connection-${ctx.connectionId}`}`, stripeBudgets(await ctx.getAccessToken()));
    return timed(() => call(stripe));
  });
}
