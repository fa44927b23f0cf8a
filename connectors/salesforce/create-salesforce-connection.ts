import { Connection } from 'jsforce';
import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { salesforceSettings } from './settings.js';

/**
 * A jsforce Connection for this hub connection. The instance URL comes from the token
 * response (stored with the credentials) or SALESFORCE_INSTANCE_URL; the login URL is
 * configurable (production, test.salesforce.com, My Domain, an emulator). When Salesforce
 * answers INVALID_SESSION_ID, jsforce calls refreshFn once and retries: that goes through
 * the hub's single-flight refresh, so rotating refresh tokens are never used twice.
 */
export async function salesforceConnection(ctx: ConnectorContext): Promise<Connection> {
  const instanceUrl = (ctx.settings.instanceUrl as string | undefined) ?? salesforceSettings.read(ctx.config).instanceUrl;
  if (!instanceUrl) throw new Error('Salesforce connection has no instance URL: set SALESFORCE_INSTANCE_URL or reconnect');
  return new Connection({
    loginUrl: salesforceSettings.read(ctx.config).loginUrl,
    instanceUrl,
    accessToken: await ctx.getAccessToken(),
    version: salesforceSettings.read(ctx.config).apiVersion,
    refreshFn: (_conn, callback) => {
      ctx.refreshAccessToken().then(
        (token) => callback(null, token),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
}
