import type QuickBooks from 'node-quickbooks';
import { type ConnectorContext, parseRetryAfter, callProvider, type ProviderFailure, type RateLimitPolicy } from '../../src/connector-kit/index.js';
import { quickBooksClient } from './create-quickbooks-client.js';

interface QuickBooksFault {
  Error?: { Message?: string; Detail?: string; code?: string }[];
  type?: string;
}

interface QuickBooksFailure {
  response?: { status?: number; headers?: Record<string, string>; data?: unknown };
  Fault?: QuickBooksFault;
  message?: string;
}

/** Intuit's API answers `Fault.Error[]`; its gateway (401, 403) answers lower-case `fault.error[]` with the same fields. */
function faultText(failure: QuickBooksFailure): string {
  const body = failure.response?.data as { Fault?: QuickBooksFault; fault?: { error?: { message?: string; detail?: string; code?: string }[] } } | undefined;
  const upper = (failure.Fault ?? body?.Fault)?.Error?.[0];
  const lower = body?.fault?.error?.[0];
  const error = upper ?? (lower ? { Message: lower.message, Detail: lower.detail, code: lower.code } : undefined);
  if (error) return `${error.Message ?? 'Fault'}${error.Detail ? `: ${error.Detail}` : ''}${error.code ? ` (code ${error.code})` : ''}`;
  return failure.message ?? 'no details';
}

/** Intuit allows 500 requests a minute and 10 a second per company: stay a little under both. */
export const QUICKBOOKS_BUDGETS = [
  { limit: 450, windowMs: 60_000 },
  { limit: 8, windowMs: 1_000 },
];

/** node-quickbooks reports the axios error, or the Fault body of a 200. */
function describeQuickBooksFailure(caught: unknown): ProviderFailure {
  const failure = caught as QuickBooksFailure;
  const status = failure.response?.status;
  return {
    status,
    text: `QuickBooks ${status ?? 'Fault'}: ${faultText(failure)}`,
    retryAfterMs: parseRetryAfter(failure.response?.headers?.['retry-after']),
    answered: Boolean(failure.Fault),
    networkMessage: failure.message ?? String(caught),
  };
}

/**
 * Intuit's throttle (429 "ThrottleExceeded": 500 requests a minute and 10 at once per company) names
 * no wait, and Intuit documents that the minute's window may need up to 60 s: one more doubling than
 * the shared policy (1+2+4+8+16+32 s) covers it in place before the job is rescheduled.
 */
const QUICKBOOKS_RATE_LIMIT: Partial<RateLimitPolicy> = { maxTimes: 6 };

/**
 * One node-quickbooks call, paced under the company's budget, under the engine's rules
 * (src/sync/call-provider.ts): a throttle is backed off in place from a second, doubling.
 * node-quickbooks has no timeout setting: the engine's backstop times its calls.
 */
export async function callQuickBooks<T>(ctx: ConnectorContext, call: (client: QuickBooks) => Promise<T>, rateLimit?: Partial<RateLimitPolicy>): Promise<T> {
  return callProvider(ctx, { provider: 'QuickBooks', describe: describeQuickBooksFailure, rateLimit: { ...QUICKBOOKS_RATE_LIMIT, ...rateLimit } }, async (timed) => {
    const client = await quickBooksClient(ctx);
    await ctx.pace(`quickbooks:${client.realmId}`, QUICKBOOKS_BUDGETS);
    return timed(() => call(client));
  });
}
