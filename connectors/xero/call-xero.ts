import { AccountingApi } from 'xero-node';
import { type ConnectorContext, AuthError, parseRetryAfter, parseBodyJson, summariseBody, callProvider, type ProviderFailure, type RateLimitPolicy } from '../../src/connector-kit/index.js';
import { xeroSettings } from './settings.js';

interface XeroFailure {
  response?: { statusCode?: number; body?: unknown; headers?: Record<string, string> };
}

/**
 * xero-node rejects with a JSON *string* ({response:{statusCode, body, headers}}), not an Error: read it.
 * Calls made with Accept: application/pdf get their error bodies as bytes (serialised as
 * `{"type":"Buffer","data":[…]}`): they are decoded when readable and summarised otherwise, never dumped.
 */
export function readXeroFailure(caught: unknown): { status?: number; headers: Record<string, string>; message: string } {
  let parsed: XeroFailure | undefined;
  if (typeof caught === 'string') {
    try {
      parsed = JSON.parse(caught) as XeroFailure;
    } catch {
      parsed = undefined;
    }
  } else if (caught && typeof caught === 'object' && 'response' in caught) {
    const response = (caught as { response?: { status?: number; statusCode?: number; headers?: Record<string, string>; data?: unknown } }).response;
    parsed = { response: { statusCode: response?.statusCode ?? response?.status, headers: response?.headers, body: response?.data } };
  }
  const raw = parsed?.response?.body;
  const body = parseBodyJson(raw) as { Detail?: string; Message?: string; Title?: string; Elements?: { ValidationErrors?: { Message?: string }[] }[] } | undefined;
  const headers = parsed?.response?.headers ?? {};
  const problem = headers['x-rate-limit-problem'];
  const detail =
    body?.Elements?.[0]?.ValidationErrors?.[0]?.Message ??
    body?.Detail ??
    body?.Message ??
    body?.Title ??
    (summariseBody(raw) ||
      (problem ? `rate limit reached (${problem})` : parsed ? 'no details' : caught instanceof Error ? caught.message : summariseBody(caught)));
  // xero-node reports a request that got no answer (refused, timed out) as status 0.
  return { status: parsed?.response?.statusCode || undefined, headers, message: detail };
}

/** Xero allows 60 calls a minute per organisation (and 5 000 a day): stay a little under. */
export const XERO_BUDGETS = [
  { limit: 55, windowMs: 60_000 },
  { limit: 4_800, windowMs: 24 * 3600_000 },
];

/** Xero answers a sixth simultaneous call to one organisation with a 429. */
export const XERO_CONCURRENT_CALLS = 5;

/** The accounting API for this connection: base URL from XERO_BASE_URL, token from the credential source. */
export async function xeroAccountingApi(ctx: ConnectorContext): Promise<{ api: AccountingApi; tenantId: string }> {
  const tenantId = (ctx.settings.tenantId as string | undefined) ?? xeroSettings.read(ctx.config).tenantId;
  if (!tenantId) throw new AuthError('Xero connection has no organisation: the ones its token was granted could not be read at start-up; set XERO_TENANT_ID, or reconnect and choose the organisation');
  const api = new AccountingApi();
  api.basePath = `${xeroSettings.read(ctx.config).baseUrl}/api.xro/2.0`;
  api.accessToken = await ctx.getAccessToken();
  // xero-node has no timeout setting, but every request's axios options pass through the default
  // authentication hook of its own instance: the provider timeout goes there (axios then closes the socket).
  const timeout = ctx.config.providerTimeoutMs;
  api.setDefaultAuthentication({ applyToRequest: (options: { timeout?: number }) => void (options.timeout = timeout) });
  return { api, tenantId };
}

function describeXeroFailure(caught: unknown): ProviderFailure {
  const failure = readXeroFailure(caught);
  return { status: failure.status, text: `Xero ${failure.status ?? 'error'}: ${failure.message}`, retryAfterMs: parseRetryAfter(failure.headers['retry-after']), networkMessage: failure.message };
}

/**
 * One accounting API call, paced under the organisation's budget, under the engine's rules
 * (src/sync/call-provider.ts): per-minute, per-day and app-wide limits all answer 429 with
 * Retry-After, waited out in place when short (the minute limit) and rescheduled when long (the
 * day's). When Xero says the minute's allowance is spent (X-MinLimit-Remaining: 0), the next call
 * waits for the next minute. `rateLimit` overrides the shared policy where a person is waiting.
 */
export async function callXero<T>(
  ctx: ConnectorContext,
  call: (api: AccountingApi, tenantId: string) => Promise<{ response: { headers?: unknown }; body: T }>,
  rateLimit?: Partial<RateLimitPolicy>,
): Promise<T> {
  return callProvider(ctx, { provider: 'Xero', describe: describeXeroFailure, rateLimit }, async (timed) => {
    const { api, tenantId } = await xeroAccountingApi(ctx);
    await ctx.pace(`xero:${tenantId}`, XERO_BUDGETS);
    const { response, body } = await ctx.limitConcurrency(`xero:${tenantId}:concurrent`, XERO_CONCURRENT_CALLS, () => timed(() => call(api, tenantId)));
    if (String((response.headers as Record<string, unknown> | undefined)?.['x-minlimit-remaining']) === '0') await ctx.sleep(60_000 - (Date.now() % 60_000));
    return body;
  });
}
