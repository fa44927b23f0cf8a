import { v1, v2 } from 'pipedrive';
import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { API_TOKEN_PATTERN, pipedriveSettings } from './settings.js';

/**
 * An HTTP failure as the hub needs it. The SDK's error interceptor rejects with the response body
 * alone (status and headers are dropped, Retry-After with them), so the SDK's own `baseOptions`
 * hook (axios transformResponse, which sees status and headers) wraps every error body in this.
 */
export class PipedriveHttpError {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: unknown,
  ) {}
}

interface HeaderBag {
  toJSON?(): Record<string, unknown>;
}

function keepStatus(data: unknown, headers: HeaderBag | undefined, status?: number): unknown {
  let body = data;
  if (typeof data === 'string' && data !== '') {
    try {
      body = JSON.parse(data) as unknown;
    } catch {
      body = data;
    }
  }
  if (status === undefined || status < 400) return body;
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers?.toJSON?.() ?? {})) if (value != null) flat[name.toLowerCase()] = String(value);
  return new PipedriveHttpError(status, flat, body);
}

const clients = new Map<string, PipedriveClient>();

export interface PipedriveClient {
  deals: v2.DealsApi;
  persons: v2.PersonsApi;
  organizations: v2.OrganizationsApi;
  /** v1: users and deal participants have no v2 endpoints yet. */
  users: v1.UsersApi;
  dealsV1: v1.DealsApi;
}

/**
 * The API origin a connection calls: the company domain its OAuth grant named (`api_domain`), else
 * PIPEDRIVE_BASE_URL (production, a proxy or the local emulator).
 */
export function pipedriveOrigin(ctx: Pick<ConnectorContext, 'settings' | 'config'>): string {
  const apiDomain = ctx.settings.apiDomain;
  return typeof apiDomain === 'string' && apiDomain !== '' ? apiDomain.replace(/\/+$/, '') : pipedriveSettings.read(ctx.config).baseUrl;
}

/**
 * The official SDK's v1 and v2 clients for one credential. A personal API token (40 hex characters)
 * goes in the x-api-token header the SDK's `apiKey` sets; anything else is an OAuth access token
 * (Bearer). Each request carries the hub's provider timeout (axios `timeout`, through baseOptions).
 */
export function pipedriveClientFor(origin: string, token: string, timeoutMs: number): PipedriveClient {
  const key = `${origin}\u0000${token}\u0000${timeoutMs}`;
  const cached = clients.get(key);
  if (cached) return cached;
  const auth = API_TOKEN_PATTERN.test(token) ? { apiKey: token } : { accessToken: token };
  const baseOptions = { timeout: timeoutMs > 0 ? timeoutMs : 0, transformResponse: [keepStatus] };
  const v2Config = new v2.Configuration({ ...auth, basePath: `${origin}/api/v2` });
  v2Config.baseOptions = baseOptions;
  const v1Config = new v1.Configuration({ ...auth, basePath: `${origin}/api/v1` });
  v1Config.baseOptions = baseOptions;
  const client: PipedriveClient = {
    deals: new v2.DealsApi(v2Config),
    persons: new v2.PersonsApi(v2Config),
    organizations: new v2.OrganizationsApi(v2Config),
    users: new v1.UsersApi(v1Config),
    dealsV1: new v1.DealsApi(v1Config),
  };
  // A backfill makes thousands of calls with one token: build its clients once (a refreshed token gets new ones).
  if (clients.size > 50) clients.clear();
  clients.set(key, client);
  return client;
}

export async function pipedriveClient(ctx: ConnectorContext): Promise<PipedriveClient> {
  return pipedriveClientFor(pipedriveOrigin(ctx), await ctx.getAccessToken(), ctx.config.providerTimeoutMs);
}
