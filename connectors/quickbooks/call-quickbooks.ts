import type QuickBooks from 'node-quickbooks';
import type { ConnectorContext } from '../connector.js';
import { AuthError, ProviderError, RateLimitError, parseRetryAfter } from '../../src/sync/sync-errors.js';
import { quickBooksClient } from './create-quickbooks-client.js';

interface QuickBooksFailure {
  response?: { status?: number; headers?: Record<string, string>; data?: unknown };
  Fault?: { Error?: { Message?: string; Detail?: string; code?: string }[]; type?: string };
  message?: string;
}

function faultText(failure: QuickBooksFailure): string {
  const fault = failure.Fault ?? (failure.response?.data as QuickBooksFailure | undefined)?.Fault;
  const error = fault?.Error?.[0];
  if (error) return `${error.Message ?? 'Fault'}${error.Detail ? `: ${error.Detail}` : ''}${error.code ? ` (code ${error.code})` : ''}`;
  return failure.message ?? 'no details';
}

/** Intuit allows 500 requests a minute and 10 a second per company: stay a little under both. */
export const QUICKBOOKS_BUDGETS = [
  { limit: 450, windowMs: 60_000 },
  { limit: 8, windowMs: 1_000 },
];

/**
 * One node-quickbooks call with QuickBooks' failures turned into the engine's errors. The SDK
 * retries nothing and reports either the axios error or a Fault inside a 200 body. 429 → wait
 * (Intuit advises a minute when it sends no Retry-After); 401 → refresh once, then reconnect;
 * other Faults and 4xx are not retried; 5xx and network failures are.
 */
export async function callQuickBooks<T>(ctx: ConnectorContext, call: (client: QuickBooks) => Promise<T>): Promise<T> {
  let refreshed = false;
  for (;;) {
    const client = await quickBooksClient(ctx);
    await ctx.pace(`quickbooks:${client.realmId}`, QUICKBOOKS_BUDGETS);
    try {
      return await call(client);
    } catch (caught) {
      const failure = caught as QuickBooksFailure;
      const status = failure.response?.status;
      const text = `QuickBooks ${status ?? 'Fault'}: ${faultText(failure)}`;
      if (status === 429) throw new RateLimitError(text, parseRetryAfter(failure.response?.headers?.['retry-after']) ?? 60_000);
      if (status === 401 && !refreshed) {
        refreshed = true;
        try {
          await ctx.refreshAccessToken();
        } catch (refreshError) {
          throw new AuthError(`${text}; ${refreshError instanceof Error ? refreshError.message : String(refreshError)}`, 401);
        }
        continue;
      }
      if (status === 401 || status === 403) throw new AuthError(text, status);
      if (status !== undefined && status >= 500) throw new ProviderError(text, true, status);
      if (status !== undefined || failure.Fault) throw new ProviderError(text, false, status);
      throw new ProviderError(`QuickBooks unreachable: ${failure.message ?? String(caught)}`, true);
    }
  }
}
