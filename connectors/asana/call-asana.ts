import { type ConnectorContext, parseRetryAfter, callProvider, type ProviderFailure } from '../../src/connector-kit/index.js';
import { createAsanaApis, type AsanaAnswer, type AsanaApis } from './asana-client.js';
import { asanaSettings } from './settings.js';

/** Shape of a superagent error as the SDK rejects with it. */
export interface AsanaSdkError {
  status?: number;
  message?: string;
  code?: string;
  response?: { status?: number; headers?: Record<string, string>; body?: { errors?: { message?: string; help?: string }[]; sync?: string } };
}

/**
 * Asana's documented limits, per token: 150 requests a minute on free plans, 1 500 on paid ones
 * (ASANA_TIER; free unless told), and 60 a minute for the search API on top. Asana counts requests
 * when they arrive, and a call leaves a little after its slot (token, client, a busy event loop):
 * pacing at 97 % keeps a minute's arrivals under the limit even when the first calls left late.
 */
export const ASANA_FREE_BUDGETS = [{ limit: 145, windowMs: 60_000 }];
export const ASANA_PAID_BUDGETS = [{ limit: 1_455, windowMs: 60_000 }];
export const ASANA_SEARCH_BUDGETS = [{ limit: 58, windowMs: 60_000 }];

export function asanaBudgets(config: ConnectorContext['config']): { limit: number; windowMs: number }[] {
  return asanaSettings.read(config).tier === 'paid' ? ASANA_PAID_BUDGETS : ASANA_FREE_BUDGETS;
}

export function asanaStatus(caught: unknown): number | undefined {
  const error = caught as AsanaSdkError | undefined;
  return error?.status ?? error?.response?.status;
}

/** The SDK rejects with superagent's error: status, headers (lower-case) and Asana's `errors[].message`. */
export function describeAsanaFailure(caught: unknown): ProviderFailure {
  const error = (caught ?? {}) as AsanaSdkError;
  const status = asanaStatus(caught);
  const detail = error.response?.body?.errors?.map((e) => e.message).filter(Boolean).join('; ') || error.message || String(caught);
  return {
    status,
    text: `Asana ${status ?? 'error'}: ${detail}`,
    // The SDK does not retry 429s itself; Asana names the wait in seconds.
    retryAfterMs: parseRetryAfter(error.response?.headers?.['retry-after']),
    networkMessage: error.code ? `${error.code}: ${error.message ?? ''}` : (error.message ?? String(caught)),
  };
}

/**
 * One SDK call, paced per connection, under the engine's rules (src/sync/call-provider.ts):
 * 401 refreshes an OAuth token once, 429 honours Retry-After (short ones in place), other 4xx are
 * final, 5xx and timeouts retried.
 */
export async function callAsana<T>(ctx: ConnectorContext, call: (apis: AsanaApis) => Promise<AsanaAnswer<T>>, options: { search?: boolean } = {}): Promise<T> {
  return callProvider(ctx, { provider: 'Asana', describe: describeAsanaFailure }, async (timed) => {
    const apis = createAsanaApis(asanaSettings.read(ctx.config).baseUrl, await ctx.getAccessToken(), ctx.config.providerTimeoutMs);
    if (options.search) await ctx.pace(`asana-search:${ctx.connectionId}`, ASANA_SEARCH_BUDGETS);
    await ctx.pace(`asana:${ctx.connectionId}`, asanaBudgets(ctx.config));
    return (await timed(() => call(apis))).data;
  });
}
