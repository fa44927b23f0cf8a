import { type EnvConnection, type StoredCredentials, type AppConfig, AuthError } from '../../src/connector-kit/index.js';
import { listXeroTenants } from './list-tenants.js';
import { tenantSettings, xeroOAuth } from './oauth.js';

/**
 * XERO_TENANT_ID is optional: without it the environment connection syncs the first organisation
 * the token was granted, read from /connections (all of them are kept, so staff can choose another).
 * Once chosen it is kept across restarts instead of being asked for again.
 */
export async function completeXeroEnvironment(input: {
  connection: EnvConnection;
  stored: { settings: Record<string, unknown>; credentials: StoredCredentials } | null;
  config: AppConfig;
}): Promise<EnvConnection> {
  const { connection, stored, config } = input;
  if (typeof connection.settings.tenantId === 'string') return connection;
  if (typeof stored?.settings.tenantId === 'string') {
    const { tenantId, tenants } = stored.settings;
    return { ...connection, settings: { ...connection.settings, tenantId, accountId: tenantId, ...(tenants ? { tenants } : {}) } };
  }
  let credentials = connection.credentials;
  const accessToken = credentials.accessToken;
  if (!accessToken) throw new AuthError('XERO_ACCESS_TOKEN is empty');
  let tenants;
  try {
    tenants = await listXeroTenants(config, accessToken);
  } catch (error) {
    // An environment token is often older than Xero's 30 minutes: renew it once when the environment allows.
    if (!(error instanceof AuthError) || connection.authType !== 'oauth' || !credentials.refreshToken) throw error;
    credentials = { ...credentials, ...(await xeroOAuth.refresh({ refreshToken: credentials.refreshToken, credentials, config })) };
    tenants = await listXeroTenants(config, credentials.accessToken!);
  }
  return { ...connection, credentials, settings: { ...connection.settings, ...tenantSettings(tenants, undefined) } };
}
