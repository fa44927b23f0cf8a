import { defineSettings, setting } from '../../src/connector-kit/index.js';

/** node-quickbooks builds URLs as base + realm + path, so the base must end in /v3/company/. */
function quickBooksBase(configured: string | undefined, sandbox: boolean): string {
  if (!configured) return sandbox ? 'https://sandbox-quickbooks.api.intuit.com/v3/company/' : 'https://quickbooks.api.intuit.com/v3/company/';
  const trimmed = configured.replace(/\/+$/, '');
  return trimmed.endsWith('/v3/company') ? `${trimmed}/` : `${trimmed}/v3/company/`;
}

/** QuickBooks Online's settings (README "QuickBooks Online", generated from this declaration). */
export const quickbooksSettings = defineSettings({
  provider: 'quickbooks',
  displayName: 'QuickBooks Online',
  variables: {
    clientId: { env: 'QUICKBOOKS_CLIENT_ID', schema: setting.text(), doc: 'Intuit app client id, for OAuth connect (the company\'s realm comes back on the callback) and refresh' },
    clientSecret: { env: 'QUICKBOOKS_CLIENT_SECRET', schema: setting.text(), secret: true, doc: 'Intuit app client secret' },
    realmId: { env: 'QUICKBOOKS_REALM_ID', schema: setting.text(), doc: 'the company (realm) of the environment connection' },
    accessToken: { env: 'QUICKBOOKS_ACCESS_TOKEN', schema: setting.text(), secret: true, doc: 'an access token: a connection from the environment' },
    refreshToken: { env: 'QUICKBOOKS_REFRESH_TOKEN', schema: setting.text(), secret: true, doc: 'lets the hub refresh that access token (with the app keys); Intuit rotates refresh tokens, and the hub stores the newest, sealed' },
    webhookVerifierToken: { env: 'QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN', schema: setting.text(), secret: true, doc: "the app's webhook verifier token: verifies intuit-signature on POST /webhooks/quickbooks (CloudEvents or the older format)" },
    sandbox: { env: 'QUICKBOOKS_SANDBOX', schema: setting.flag(false), doc: "true for Intuit's sandbox API host" },
    configuredBaseUrl: { env: 'QUICKBOOKS_BASE_URL', schema: setting.optionalUrl(), defaultText: 'https://quickbooks.api.intuit.com (sandbox-quickbooks… with QUICKBOOKS_SANDBOX)', doc: 'API base URL (/v3/company/ is added)' },
    tokenUrl: { env: 'QUICKBOOKS_TOKEN_URL', schema: setting.url('https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer'), doc: 'OAuth token endpoint' },
    authorizeUrl: { env: 'QUICKBOOKS_AUTHORIZE_URL', schema: setting.url('https://appcenter.intuit.com/connect/oauth2'), doc: 'OAuth authorize page' },
    revokeUrl: { env: 'QUICKBOOKS_REVOKE_URL', schema: setting.url('https://developer.api.intuit.com/v2/oauth2/tokens/revoke'), doc: 'OAuth revoke endpoint' },
  },
  derive: ({ configuredBaseUrl, ...values }) => ({ ...values, baseUrl: quickBooksBase(configuredBaseUrl, values.sandbox) }),
});

export type QuickBooksSettings = ReturnType<typeof quickbooksSettings.read>;
