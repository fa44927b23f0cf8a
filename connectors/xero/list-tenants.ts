import { type AppConfig, AuthError, ProviderError } from '../../src/connector-kit/index.js';
import { xeroSettings } from './settings.js';

export interface XeroTenant {
  tenantId: string;
  tenantName?: string;
  tenantType?: string;
}

/** A start-up or OAuth call must not hang on an unresponsive Xero. */
const CONNECTIONS_TIMEOUT_MS = 30_000;

/**
 * The organisations a token was granted (GET /connections), in Xero's order. xero-node's
 * updateTenants reads them from a hard-coded api.xero.com, so the hub asks XERO_BASE_URL itself.
 * Practice Manager tenants are left out: they have no accounting API.
 */
export async function listXeroTenants(config: AppConfig, accessToken: string): Promise<XeroTenant[]> {
  const response = await fetch(`${xeroSettings.read(config).baseUrl}/connections`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' }, signal: AbortSignal.timeout(CONNECTIONS_TIMEOUT_MS) });
  if (response.status === 401 || response.status === 403) throw new AuthError(`Xero refused the token when listing its organisations (${response.status})`, response.status);
  if (!response.ok) throw new ProviderError(`Xero answered ${response.status} when listing the organisations granted`, response.status >= 500, response.status);
  const body = (await response.json().catch(() => null)) as unknown;
  if (!Array.isArray(body)) throw new ProviderError('Xero answered /connections with something other than a list', true);
  return (body as XeroTenant[]).filter((tenant) => typeof tenant?.tenantId === 'string' && tenant.tenantType !== 'PRACTICEMANAGER');
}
