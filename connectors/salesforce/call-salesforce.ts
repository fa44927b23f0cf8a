import type { Connection } from 'jsforce';
import { type ConnectorContext, callProvider, type ProviderFailure } from '../../src/connector-kit/index.js';

/** Salesforce errors a retry can fix: the platform was busy, a row was locked, a server failed. */
const TRANSIENT = new Set(['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'QUERY_TIMEOUT', 'REQUEST_RUNNING_TOO_LONG']);
/** Above this share of the daily API allowance, pulls slow down to leave room for the business's own integrations. */
const SLOW_DOWN_AT = 0.9;
/**
 * The daily allowance is a rolling 24 hours and Salesforce names no reset time: look again after an hour.
 * Longer than the in-place limit of the shared policy, so the job is rescheduled, not held.
 */
export const DAILY_ALLOWANCE_RECHECK_MS = 3600_000;

interface SalesforceFailure {
  errorCode?: string;
  name?: string;
  message?: string;
}

type ApiUsage = { used: number; limit: number } | undefined;

/**
 * REQUEST_LIMIT_EXCEEDED names two different limits. "TotalRequests Limit exceeded" is the org's
 * rolling 24-hour allowance: spent, nothing helps but waiting. "ConcurrentPerOrgLongTxn Limit
 * exceeded" (and "ConcurrentRequests") is the cap on long-running requests in flight at once, often
 * someone else's: it clears in seconds. The usage Salesforce reports on every answer
 * (Sforce-Limit-Info, read by jsforce into conn.limitInfo) settles a message that names neither.
 */
export function isDailyAllowanceSpent(message: string, usage: ApiUsage): boolean {
  if (/TotalRequests/i.test(message)) return true;
  if (/Concurrent/i.test(message)) return false;
  return usage !== undefined && usage.limit > 0 && usage.used >= usage.limit;
}

/** Salesforce's error codes in the engine's terms (call-provider.ts works on HTTP-like statuses). */
export function describeSalesforceFailure(caught: unknown, usage: ApiUsage): ProviderFailure {
  const error = (caught ?? {}) as SalesforceFailure;
  const code = error.errorCode ?? error.name ?? '';
  const detail = error.message ?? String(caught);
  const text = `Salesforce ${code || 'error'}: ${detail}`;
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    if (!isDailyAllowanceSpent(detail, usage)) return { status: 429, text: `${text} (too many long-running requests at once; retrying shortly)` };
    // Salesforce counts refused calls too, so usage can read above the limit: "all of it" is what matters.
    const used = usage ? ` (${Math.min(usage.used, usage.limit)} of ${usage.limit} calls in the last 24 hours)` : '';
    return { status: 429, text: `${text} The org's daily API allowance is spent${used}: syncing resumes when Salesforce accepts calls again, checked hourly.`, retryAfterMs: DAILY_ALLOWANCE_RECHECK_MS };
  }
  if (code === 'INVALID_SESSION_ID' || code === 'INVALID_AUTH_HEADER' || code === 'ERROR_HTTP_401') return { status: 401, text };
  if (code === 'INSUFFICIENT_ACCESS' || code === 'API_DISABLED_FOR_ORG' || code === 'ERROR_HTTP_403') return { status: 403, text };
  const httpStatus = /^ERROR_HTTP_(\d{3})$/.exec(code)?.[1];
  if (TRANSIENT.has(code)) return { status: 503, text };
  if (httpStatus) return { status: Number(httpStatus), text };
  if (code && code !== 'Error' && code !== 'FetchError' && code !== 'AbortError') return { status: 400, text };
  return { text, networkMessage: detail };
}

/**
 * Runs a jsforce call under the engine's rules (src/sync/call-provider.ts): a spent daily allowance
 * reschedules the job (an hour), the concurrent-request limit is backed off in place like any short
 * 429; INVALID_SESSION_ID surviving jsforce's own refresh needs a reconnect; transient codes and 5xx
 * retry; anything else (INVALID_FIELD, MALFORMED_QUERY...) is not retried. jsforce's own request
 * timeout cannot be set per connection: the engine's backstop times its calls.
 */
export async function callSalesforce<T>(ctx: ConnectorContext, conn: Connection, call: (conn: Connection) => Promise<T>): Promise<T> {
  const usage = conn.limitInfo?.apiUsage;
  if (usage && usage.limit > 0 && usage.used / usage.limit >= SLOW_DOWN_AT) {
    // Near the daily limit: space calls out rather than spend the last of the allowance in a burst.
    await ctx.sleep(Math.min(10_000, 1000 * (usage.used / usage.limit - SLOW_DOWN_AT) * 100));
  }
  return callProvider(
    ctx,
    // jsforce already refreshed the session once (refreshFn): a 401 after that needs a person.
    { provider: 'Salesforce', describe: (caught) => describeSalesforceFailure(caught, conn.limitInfo?.apiUsage), refreshOn401: false },
    (timed) => timed(() => call(conn)),
  );
}
