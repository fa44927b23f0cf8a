/**
 * A provider that accepts the connection and never answers: every connector's call gives up after
 * CLIENTHUB_PROVIDER_TIMEOUT_MS (through the SDK's own timeout where it has one, the engine's
 * backstop otherwise) with a retryable "<Provider> did not answer within N s", instead of hanging
 * the job. The bound checked is generous: it proves "does not hang", not a speed.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './support/create-test-app.js';
import { runPull } from '../src/sync/run-pull.js';
import { ProviderError } from '../src/sync/sync-errors.js';
import { sqlGet, sqlValue } from './support/sql.js';

let server: Server;
let url = '';
const sockets: Socket[] = [];

beforeAll(async () => {
  server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const TIMEOUT_MS = 400;

const providers: [string, string, () => Record<string, string>][] = [
  ['HubSpot', 'hubspot', () => ({ HUBSPOT_BASE_URL: url, HUBSPOT_ACCESS_TOKEN: 'pat-hung' })],
  ['Salesforce', 'salesforce', () => ({ HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_LOGIN_URL: url, SALESFORCE_INSTANCE_URL: url, SALESFORCE_ACCESS_TOKEN: 'session-hung' })],
  ['QuickBooks', 'quickbooks', () => ({ HUBSPOT_ACCESS_TOKEN: '', QUICKBOOKS_BASE_URL: `${url}/v3/company/`, QUICKBOOKS_REALM_ID: '9130', QUICKBOOKS_ACCESS_TOKEN: 'qbo-hung' })],
  ['Xero', 'xero', () => ({ HUBSPOT_ACCESS_TOKEN: '', XERO_BASE_URL: url, XERO_IDENTITY_URL: url, XERO_TENANT_ID: 'b4c0e0a4-0000-4000-8000-000000000001', XERO_ACCESS_TOKEN: 'xero-hung' })],
  ['Stripe', 'stripe', () => ({ HUBSPOT_ACCESS_TOKEN: '', STRIPE_BASE_URL: url, STRIPE_SECRET_KEY: 'sk_test_hung' })],
  ['Asana', 'asana', () => ({ HUBSPOT_ACCESS_TOKEN: '', ASANA_BASE_URL: `${url}/api/1.0`, ASANA_ACCESS_TOKEN: 'asana-hung', ASANA_WORKSPACE_GID: '1200000000000001' })],
];

describe('a provider that never answers', () => {
  it.each(providers)('%s: the call times out after CLIENTHUB_PROVIDER_TIMEOUT_MS as a retryable failure', async (name, provider, env) => {
    const app = await createTestApp({ ...env(), CLIENTHUB_PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS) });
    try {
      const connectionId = (await sqlValue<number>(app, 'SELECT id FROM connections WHERE provider = ?', provider))!;
      const type = [...app.connectors.get(provider).objectTypes].sort((a, b) => a.order - b.order)[0]!.objectType;
      const started = Date.now();
      const failure = await runPull(app, connectionId, type, 'backfill').catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(failure).toBeInstanceOf(ProviderError);
      expect((failure as ProviderError).retryable).toBe(true);
      expect((failure as Error).message).toMatch(new RegExp(`^${name} did not answer within 0.4 s`));
      expect(await sqlGet(app, 'SELECT status, error FROM sync_runs')).toEqual({ status: 'failed', error: (failure as Error).message });
    } finally {
      await app.dispose();
    }
  });
});
