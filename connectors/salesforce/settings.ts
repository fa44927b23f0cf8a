import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineSettings, setting } from '../../src/connector-kit/index.js';

/** Salesforce's settings (README "Salesforce", generated from this declaration). */
export const salesforceSettings = defineSettings({
  provider: 'salesforce',
  displayName: 'Salesforce',
  variables: {
    loginUrl: { env: 'SALESFORCE_LOGIN_URL', schema: setting.url('https://login.salesforce.com'), doc: 'login host (https://test.salesforce.com for sandboxes, or a My Domain URL)' },
    instanceUrl: { env: 'SALESFORCE_INSTANCE_URL', schema: setting.optionalUrl(), defaultText: 'from the OAuth token response', doc: "the org's instance URL, with an access token given by environment" },
    accessToken: { env: 'SALESFORCE_ACCESS_TOKEN', schema: setting.text(), secret: true, doc: 'an access token: a connection from the environment' },
    refreshToken: { env: 'SALESFORCE_REFRESH_TOKEN', schema: setting.text(), secret: true, doc: "with the Connected App keys, lets the hub refresh the access token (Salesforce's INVALID_SESSION_ID triggers one refresh and a retry)" },
    clientId: { env: 'SALESFORCE_CLIENT_ID', schema: setting.text(), doc: 'Connected App consumer key' },
    clientSecret: { env: 'SALESFORCE_CLIENT_SECRET', schema: setting.text(), secret: true, doc: 'Connected App consumer secret' },
    orgId: { env: 'SALESFORCE_ORG_ID', schema: setting.text(), doc: 'the org (18-character id) whose Outbound Messages are accepted; those naming another org are refused with a SOAP fault' },
    apiVersion: { env: 'SALESFORCE_API_VERSION', schema: setting.textOr('62.0'), doc: 'REST API version' },
    username: { env: 'SALESFORCE_USERNAME', schema: setting.text(), doc: 'JWT bearer flow (server to server): the pre-authorized integration user. With SALESFORCE_CLIENT_ID and the private key the hub signs in by itself and renews with a fresh assertion; set SALESFORCE_INSTANCE_URL (or a My Domain SALESFORCE_LOGIN_URL)' },
    jwtPrivateKeyText: { env: 'SALESFORCE_JWT_PRIVATE_KEY', schema: setting.text(), secret: true, doc: "JWT bearer flow: the Connected App certificate's private key (PEM; \\n for newlines)" },
    jwtPrivateKeyFile: { env: 'SALESFORCE_JWT_PRIVATE_KEY_FILE', schema: setting.text(), doc: 'JWT bearer flow: a file holding that private key' },
  },
  derive: ({ jwtPrivateKeyText, jwtPrivateKeyFile, ...values }, source) => ({
    ...values,
    jwtPrivateKey: jwtPrivateKeyText?.replace(/\\n/g, '\n') ?? (jwtPrivateKeyFile ? readKeyFile(resolve(source.cwd, jwtPrivateKeyFile)) : undefined),
  }),
});

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`SALESFORCE_JWT_PRIVATE_KEY_FILE points at ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export type SalesforceSettings = ReturnType<typeof salesforceSettings.read>;
