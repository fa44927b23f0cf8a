import { Client } from '@hubspot/api-client';
import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { hubspotSettings } from './settings.js';

const clients = new Map<string, Client>();

/**
 * The official SDK client for a token and base URL (HUBSPOT_BASE_URL: production, a
 * sandbox proxy or the local emulator). The SDK's own retries stay off: the engine decides.
 */
export function hubspotClientFor(baseUrl: string, accessToken: string): Client {
  const key = `${baseUrl}\u0000${accessToken}`;
  let client = clients.get(key);
  if (!client) {
    client = new Client({ accessToken, basePath: baseUrl, numberOfApiCallRetries: 0 });
    if (clients.size > 50) clients.clear();
    clients.set(key, client);
  }
  return client;
}

export async function hubspotClient(ctx: ConnectorContext): Promise<Client> {
  return hubspotClientFor(hubspotSettings.read(ctx.config).baseUrl, await ctx.getAccessToken());
}
