import QuickBooks from 'node-quickbooks';
import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { quickbooksSettings } from './settings.js';

/** The QuickBooks Online API version the mappings are written against. */
export const MINOR_VERSION = 75;

/**
 * A node-quickbooks client for this connection (OAuth 2: the 9th argument is '2.0'). The
 * endpoint is set on the instance, not through the class statics, so two connections with
 * different bases (sandbox, production, emulator) never see each other's. Discovery
 * (`setOauthVersion`) is never called: it reaches out to Intuit.
 */
export async function quickBooksClient(ctx: ConnectorContext): Promise<QuickBooks> {
  const realmId = (ctx.settings.realmId as string | undefined) ?? quickbooksSettings.read(ctx.config).realmId;
  if (!realmId) throw new Error('QuickBooks connection has no realm (company) id: set QUICKBOOKS_REALM_ID or reconnect');
  const { clientId, clientSecret, sandbox, baseUrl } = quickbooksSettings.read(ctx.config);
  const client = new QuickBooks(clientId ?? '', clientSecret ?? '', await ctx.getAccessToken(), false, realmId, sandbox, false, MINOR_VERSION, '2.0');
  client.endpoint = baseUrl;
  return client;
}

/** node-quickbooks is callback-based; this runs one call as a promise. */
export function qbo<T>(run: (callback: (error: unknown, body: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, body) => (error ? reject(error) : resolve(body))));
}
