import { AuthError, createOAuthClient } from '../../src/connector-kit/index.js';
import { listXeroTenants, type XeroTenant } from './list-tenants.js';
import { xeroSettings } from './settings.js';

/** The configured organisation when it was granted, else the first: and every one granted, for the console to offer. */
export function tenantSettings(tenants: XeroTenant[], configured: string | undefined): Record<string, unknown> {
  if (tenants.length === 0) throw new AuthError('Xero granted access to no organisation');
  const chosen = tenants.find((t) => t.tenantId === configured) ?? tenants[0]!;
  return { tenantId: chosen.tenantId, accountId: chosen.tenantId, tenants: tenants.map((t) => ({ tenantId: t.tenantId, name: t.tenantName ?? null })) };
}

/**
 * Xero's identity server (XERO_IDENTITY_URL; XeroClient hard-codes identity.xero.com): PKCE, the
 * app's credentials in HTTP Basic, refresh tokens that rotate on every use, RFC 7009 revocation of
 * the refresh token (which removes every organisation connection the grant made).
 */
export const xeroOAuth = createOAuthClient({
  settings: xeroSettings,
  endpoints: (s) => ({
    authorize: `${s.identityUrl.replace('identity.xero.com', 'login.xero.com/identity')}/connect/authorize`,
    token: `${s.identityUrl}/connect/token`,
    revocation: `${s.identityUrl}/connect/revocation`,
  }),
  tokenAuth: 'client_secret_basic',
  pkce: true,
  scope: () => 'openid profile email offline_access accounting.transactions.read accounting.contacts.read',
  // One login can grant several organisations: keep them all; the configured one (or the first) is used.
  connect: async ({ tokens, config, settings }) => tenantSettings(await listXeroTenants(config, tokens.access_token), settings.tenantId),
});
