import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, HUBSPOT_TEST_SECRET, type TestApp } from '../support/create-test-app.js';
import { startServer } from '../../src/server/start-server.js';
import { createLogger } from '../../src/logging/logger.js';
import { signHubSpotV3 } from '../../connectors/hubspot/testing/sign-hubspot-v3.js';
import { sqlRun } from '../support/sql.js';

const ADMIN_TOKEN = 'a'.repeat(40);
/** What a stack trace or a server path looks like in a response body. */
const LEAKS = /node_modules|\/work\/|\/src\/|\.ts:\d|\.js:\d|\bat [\w.<>]+ \(|Error:/;

describe('attack: error responses never carry stack traces or paths', () => {
  let app: TestApp;
  let url: string;
  let close: () => Promise<void>;
  const logs: Record<string, unknown>[] = [];

  beforeEach(async () => {
    logs.length = 0;
    app = await createTestApp(
      { CLIENTHUB_ADMIN_TOKEN: ADMIN_TOKEN, SALESFORCE_ORG_ID: '00D000000000001AAA' },
      { logger: createLogger('debug', {}, (line) => logs.push(JSON.parse(line) as Record<string, unknown>)) },
    );
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    url = server.url;
    close = server.close;
  });
  afterEach(async () => {
    await close();
    await app.dispose();
  });

  async function expectGeneric(res: Response, status: number, type: 'json' | 'html' | 'xml'): Promise<string> {
    const text = await res.text();
    expect({ status: res.status, text }).toMatchObject({ status });
    expect(res.headers.get('content-type')).toContain(type === 'json' ? 'application/json' : type === 'xml' ? 'text/xml' : 'text/html');
    expect(text).not.toMatch(LEAKS);
    return text;
  }

  it('admin API: bad JSON is a JSON 400, a body over 64 kB a JSON 413', async () => {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const bad = await fetch(`${url}/admin/api/links/relink`, { method: 'POST', headers, body: '{"not json' });
    expect(JSON.parse(await expectGeneric(bad, 400, 'json'))).toEqual({ error: 'The request could not be read.' });
    const big = await fetch(`${url}/admin/api/links/relink`, { method: 'POST', headers, body: JSON.stringify({ pad: 'x'.repeat(70_000) }) });
    expect(JSON.parse(await expectGeneric(big, 413, 'json'))).toEqual({ error: 'The request body is too large.' });
    const badId = await fetch(`${url}/admin/api/records/%E0%A4%A/link`, { headers });
    await expectGeneric(badId, 400, 'json');
    // The details are in the log, for whoever runs the hub.
    expect(logs.some((l) => l.msg === 'admin API request refused' && String(l.error).includes('JSON'))).toBe(true);
  });

  it('webhooks: 413 and a bad %-escape in JSON; Salesforce answers its SOAP fault with the same status', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'x');
    await expectGeneric(await fetch(`${url}/webhooks/hubspot`, { method: 'POST', body: big }), 413, 'json');
    await expectGeneric(await fetch(`${url}/webhooks/%E0%A4%A`, { method: 'POST', body: '[]' }), 400, 'json');
    const fault = await expectGeneric(await fetch(`${url}/webhooks/salesforce`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: big }), 413, 'xml');
    expect(fault).toContain('<faultstring>body larger than 2 MB</faultstring>');
  });

  it('webhooks: a failure of ours is a generic 500 (the provider delivers again) with the stack in the log only', async () => {
    await sqlRun(app, 'DROP TABLE webhook_events');
    const body = JSON.stringify([{ eventId: 1, subscriptionType: 'deal.creation', objectId: 777, portalId: 1, occurredAt: Date.now() }]);
    const timestamp = Date.now();
    const res = await fetch(`${url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signHubSpotV3(HUBSPOT_TEST_SECRET, 'POST', 'http://hub.test/webhooks/hubspot', body, timestamp), 'x-hubspot-request-timestamp': String(timestamp) },
      body,
    });
    expect(JSON.parse(await expectGeneric(res, 500, 'json'))).toEqual({ error: 'internal error; deliver again later' });
    // The engine's own words for the missing table, with the stack.
    const missing = app.store.engine === 'postgres' ? /relation "webhook_events" does not exist\n\s+at / : /no such table: webhook_events\n\s+at /;
    expect(logs.find((l) => l.msg === 'webhook request failed')?.error).toMatch(missing);
  });

  it('portal, staff console and OAuth callback: oversized forms and bad %-escapes get plain HTML pages', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    await expectGeneric(await fetch(`${url}/auth/sign-in/link`, { method: 'POST', headers: form, body: `email=${'a'.repeat(10_000)}` }), 413, 'html');
    await expectGeneric(await fetch(`${url}/staff/sign-in`, { method: 'POST', headers: form, body: `email=${'a'.repeat(10_000)}` }), 413, 'html');
    await expectGeneric(await fetch(`${url}/oauth/%E0%A4%A/callback?code=1&state=2`), 400, 'html');
  });
});
