import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createHmac } from 'node:crypto';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { maintainWebhooks } from '../../src/sync/maintain-webhooks.js';
import { startServer } from '../../src/server/start-server.js';
import { STRIPE_WEBHOOK_EVENTS } from './ensure-webhook-endpoint.js';
import { stripeSettings } from './settings.js';
import { sqlAll, sqlGet, sqlValue } from '../../tests/support/sql.js';

const STRIPE = 'https://stripe.test';
const endpoint = (id: string, url: string, status = 'enabled', secret?: string) => ({
  id, object: 'webhook_endpoint', api_version: null, application: null, created: 1763900000, description: 'ClientHub sync hub',
  enabled_events: STRIPE_WEBHOOK_EVENTS, livemode: false, metadata: {}, status, url, ...(secret ? { secret } : {}),
});
const list = (data: unknown[]) => ({ object: 'list', url: '/v1/webhook_endpoints', has_more: false, data });
const sign = (body: string, secret: string, t = Math.floor(Date.now() / 1000)) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

describe('Stripe webhook endpoint, created and kept by the hub', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', STRIPE_SECRET_KEY: 'sk_test_HubManaged2026', STRIPE_BASE_URL: STRIPE, PUBLIC_URL: 'https://portal.example.com' });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'stripe'`))!;

  it('creates one endpoint with the events the hub handles, keeps its secret sealed, and verifies deliveries with it', async () => {
    let created: Record<string, string> = {};
    nock(STRIPE).get('/v1/webhook_endpoints').query(true).reply(200, list([]));
    nock(STRIPE).post('/v1/webhook_endpoints', (body: Record<string, string>) => ((created = body), true)).reply(200, (_uri, body) => endpoint('we_1', new URLSearchParams(body as string).get('url') ?? String((body as Record<string, string>).url), 'enabled', 'whsec_fromStripe'));
    expect(await maintainWebhooks(app, await connectionId())).toMatchObject({ created: 1, kept: 0 });
    expect(created.url).toMatch(/^https:\/\/portal\.example\.com\/webhooks\/stripe\?hook=\d+-stripe-[0-9a-f]{16}$/);
    expect(created['enabled_events[0]']).toBe('customer.created');
    const stored = (await sqlGet<{ hook_id: string; remote_id: string; secret_sealed: string }>(app, `SELECT hook_id, remote_id, secret_sealed FROM webhook_secrets WHERE provider = 'stripe'`))!;
    expect(stored.remote_id).toBe('we_1');
    expect(stored.secret_sealed).not.toContain('whsec_fromStripe');

    // A delivery to that endpoint verifies with the stored secret; one signed otherwise does not.
    nock(STRIPE).get('/v1/customers/cus_1').query(true).reply(200, { id: 'cus_1', object: 'customer', name: 'Acme', email: 'ap@acme.example', created: 1763900000, metadata: {} }).persist();
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.updated', created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { id: 'cus_1', object: 'customer' } } });
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      const post = (signature: string) => fetch(`${server.url}/webhooks/stripe?hook=${stored.hook_id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
      expect((await post(sign(body, 'whsec_fromStripe'))).status).toBe(200);
      expect((await post(sign(body, 'whsec_somebodyElse'))).status).toBe(401);
      await app.jobs.drain();
    } finally {
      await server.close();
    }

    // Next time: kept as it is; disabled by Stripe: enabled again; deleted in the dashboard: made anew.
    nock(STRIPE).get('/v1/webhook_endpoints').query(true).reply(200, list([endpoint('we_1', created.url!)]));
    expect(await maintainWebhooks(app, await connectionId())).toMatchObject({ created: 0, kept: 1 });
    let reenabled = '';
    nock(STRIPE).get('/v1/webhook_endpoints').query(true).reply(200, list([endpoint('we_1', created.url!, 'disabled')]));
    nock(STRIPE).post('/v1/webhook_endpoints/we_1', (b: Record<string, string>) => ((reenabled = b.disabled ?? ''), true)).reply(200, endpoint('we_1', created.url!));
    expect(await maintainWebhooks(app, await connectionId())).toMatchObject({ recreated: 1 });
    expect(reenabled).toBe('false');
    nock(STRIPE).get('/v1/webhook_endpoints').query(true).reply(200, list([]));
    nock(STRIPE).post('/v1/webhook_endpoints').reply(200, endpoint('we_2', 'https://portal.example.com/webhooks/stripe', 'enabled', 'whsec_second'));
    expect(await maintainWebhooks(app, await connectionId())).toMatchObject({ created: 1 });
    expect(await sqlAll(app, `SELECT remote_id FROM webhook_secrets WHERE provider = 'stripe'`)).toEqual([{ remote_id: 'we_2' }]);
  });

  it('leaves a hand-configured endpoint alone', async () => {
    stripeSettings.read(app.config).webhookSecret = 'whsec_byHand';
    expect(await maintainWebhooks(app, await connectionId())).toMatchObject({ created: 0, skipped: expect.stringContaining('STRIPE_WEBHOOK_SECRET') });
  });
});
