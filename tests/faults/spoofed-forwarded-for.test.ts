import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/create-test-app.js';
import { startServer } from '../../src/server/start-server.js';
import { ATTEMPT_RULES } from '../../src/auth/attempt-limits.js';
import { sqlGet } from '../support/sql.js';

describe('attack: a spoofed X-Forwarded-For in HTTPS mode', () => {
  let app: TestApp;
  let close: () => Promise<void> = async () => {};
  afterEach(async () => {
    await close();
    close = async () => {};
    await app.dispose();
  });

  async function start(env: Record<string, string>) {
    app = await createTestApp({ PUBLIC_URL: 'https://portal.example.com', ...env });
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    close = server.close;
    return server.url;
  }
  const askForLink = (url: string, i: number) =>
    fetch(`${url}/auth/sign-in/link`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${i}`, 'x-forwarded-proto': 'https' },
      body: `email=someone${i}%40example.com`,
    });
  const forgedWebhook = (url: string) =>
    fetch(`${url}/webhooks/hubspot`, { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.7', 'x-hubspot-signature-v3': 'Zm9yZ2Vk' }, body: '[]' });
  const recordedAddress = async () => (await sqlGet<{ remote_ip: string }>(app, 'SELECT remote_ip FROM webhook_deliveries'))!.remote_ip;

  it('with no proxy trusted (the default), the header changes nothing: per-address limits hold and the socket address is recorded', async () => {
    const url = await start({});
    const limit = ATTEMPT_RULES.linkIp.limit;
    const statuses: number[] = [];
    for (let i = 1; i <= limit + 1; i++) statuses.push((await askForLink(url, i)).status);
    expect(statuses).toEqual([...Array<number>(limit).fill(303), 429]);
    expect((await forgedWebhook(url)).status).toBe(401);
    expect(await recordedAddress()).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('with CLIENTHUB_TRUSTED_PROXIES=loopback, the proxy’s header names the client, and cookies stay Secure', async () => {
    const url = await start({ CLIENTHUB_TRUSTED_PROXIES: 'loopback' });
    const limit = ATTEMPT_RULES.linkIp.limit;
    for (let i = 1; i <= limit + 1; i++) {
      const res = await askForLink(url, i);
      expect(res.status).toBe(303);
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    }
    await forgedWebhook(url);
    expect(await recordedAddress()).toBe('203.0.113.7');
  });

  it('refuses a trusted-proxy list Express cannot read, naming the variable', async () => {
    await expect(start({ CLIENTHUB_TRUSTED_PROXIES: 'loopback, not-an-address' })).rejects.toThrow(/^CLIENTHUB_TRUSTED_PROXIES is not a list/);
  });
});
