import { defineSettings, setting } from '../../src/connector-kit/index.js';

/** Xero's settings (README "Xero", generated from this declaration). */
export const xeroSettings = defineSettings({
  provider: 'xero',
  displayName: 'Xero',
  variables: {
    clientId: { env: 'XERO_CLIENT_ID', schema: setting.text(), doc: 'Xero app client id' },
    clientSecret: { env: 'XERO_CLIENT_SECRET', schema: setting.text(), secret: true, doc: 'Xero app client secret' },
    tenantId: {
      env: 'XERO_TENANT_ID',
      schema: setting.text(),
      defaultText: 'the first organisation granted',
      doc: "the organisation of the environment connection; unset, the hub reads the token's /connections at start-up (renewing an expired token once when XERO_REFRESH_TOKEN and the app keys are set), syncs the first organisation, offers the others in the console, and keeps its choice across restarts",
    },
    accessToken: { env: 'XERO_ACCESS_TOKEN', schema: setting.text(), secret: true, doc: 'an access token: a connection from the environment' },
    refreshToken: { env: 'XERO_REFRESH_TOKEN', schema: setting.text(), secret: true, doc: 'lets the hub refresh that access token (with the app keys); refresh tokens rotate on every use, and the newest is stored, sealed' },
    webhookKey: { env: 'XERO_WEBHOOK_KEY', schema: setting.text(), secret: true, doc: "the webhook key Xero shows: verifies x-xero-signature on POST /webhooks/xero, including Xero's intent-to-receive probe" },
    baseUrl: { env: 'XERO_BASE_URL', schema: setting.url('https://api.xero.com').transform((url) => url.replace(/\/api\.xro\/2\.0$/, '')), doc: 'API host (the accounting API is under /api.xro/2.0)' },
    identityUrl: { env: 'XERO_IDENTITY_URL', schema: setting.url('https://identity.xero.com'), doc: 'OAuth host (authorize, token, revocation, connections)' },
  },
});

export type XeroSettings = ReturnType<typeof xeroSettings.read>;
