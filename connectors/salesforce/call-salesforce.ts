import type { Connection } from 'jsforce';
import type { ConnectorContext } from '../connector.js';
import { AuthError, ProviderError, RateLimitError } from '../../src/sync/sync-errors.js';
import { classifySalesforceFailure, countProviderCalls } from '../../src/metrics/count-provider-calls.js';

/** Salesforce errors a retry can fix: the platform was busy, a row was locked, a server failed. */
const TRANSIENT = new Set(['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'QUERY_TIMEOUT', 'REQUEST_RUNNING_TOO_LONG']);
/** Above this share of the daily API allowance, pulls slow down to leave room for the business's own integrations. */
const SLOW_DOWN_AT = 0.9;

interface SalesforceFailure {
  errorCode?: string;
  name?: string;
  message?: string;
}

/**
 * Runs a jsforce call and turns Salesforce's failures into the engine's errors:
 * REQUEST_LIMIT_EXCEEDED means the daily allowance is spent (wait an hour, do not hammer);
 * INVALID_SESSION_ID surviving jsforce's own refresh needs a reconnect; transient codes and
 * 5xx retry with backoff; anything else (INVALID_FIELD, MALFORMED_QUERY...) is not retried.
 */
export async function callSalesforce<T>(ctx: ConnectorContext, conn: Connection, call: (conn: Connection) => Promise<T>): Promise<T> {
  call = countProviderCalls('salesforce', call, classifySalesforceFailure); // clienthub_provider_calls_total
  const usage = conn.limitInfo?.apiUsage;
  if (usage && usage.limit > 0 && usage.used / usage.limit >= SLOW_DOWN_AT) {
    // Near the daily limit: space calls out rather than spend the last of the allowance in a burst.
    await ctx.sleep(Math.min(10_000, 1000 * (usage.used / usage.limit - SLOW_DOWN_AT) * 100));
  }
  try {
    return await call(conn);
  } catch (caught) {
    const error = caught as SalesforceFailure;
    const code = error.errorCode ?? error.name ?? '';
    const message = `Salesforce ${code || 'error'}: ${error.message ?? String(caught)}`;
    if (code === 'REQUEST_LIMIT_EXCEEDED') throw new RateLimitError(message, 3600_000);
    if (code === 'INVALID_SESSION_ID' || code === 'INVALID_AUTH_HEADER' || code === 'ERROR_HTTP_401') throw new AuthError(message, 401);
    if (code === 'INSUFFICIENT_ACCESS' || code === 'API_DISABLED_FOR_ORG' || code === 'ERROR_HTTP_403') throw new AuthError(message, 403);
    if (TRANSIENT.has(code) || /^ERROR_HTTP_5\d\d$/.test(code)) throw new ProviderError(message, true);
    if (code && code !== 'Error' && code !== 'FetchError') throw new ProviderError(message, false);
    throw new ProviderError(`Salesforce unreachable: ${error.message ?? String(caught)}`, true);
  }
}
