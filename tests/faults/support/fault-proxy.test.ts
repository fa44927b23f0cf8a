/**
 * The fault proxy itself (fast, part of `npm test`): in front of a real Xero emulator it passes
 * calls through, answers 500 and Xero's 429, resets, hangs, and applies a fault only to every Nth
 * call or to matching paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroEmulator, type XeroEmulator } from '../../../connectors/xero/emulator/start-xero-emulator.js';
import { startFaultProxy, type FaultProxy } from './start-fault-proxy.js';
import { rateLimitAnswer } from './provider-fault-answers.js';

describe('fault proxy', () => {
  let emulator: XeroEmulator;
  let proxy: FaultProxy;
  const call = (path = '/connections', timeoutMs = 3_000) =>
    fetch(`${proxy.url}${path}`, { headers: { authorization: 'Bearer proxy-test-token' }, signal: AbortSignal.timeout(timeoutMs) });

  beforeAll(async () => {
    emulator = await startXeroEmulator({ limits: null });
    proxy = await startFaultProxy({ target: emulator.url, provider: 'xero' });
  });

  afterAll(async () => {
    await proxy.close();
    await emulator.close();
  });

  it('passes calls through to the emulator unchanged', async () => {
    const direct = await fetch(`${emulator.url}/connections`, { headers: { authorization: 'Bearer proxy-test-token' } });
    const proxied = await call();
    expect(proxied.status).toBe(direct.status);
    const tenants = (body: unknown) => (body as { tenantId: string }[]).map((t) => t.tenantId);
    expect(tenants(await proxied.json())).toEqual(tenants(await direct.json()));
    expect(tenants(await call().then((r) => r.json()))).toEqual([emulator.store.tenantId]);
  });

  it("answers Xero's own 429 and a 500 in Xero's error shape", async () => {
    proxy.set({ mode: '429', retryAfterSeconds: 3 });
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('x-rate-limit-problem')).toBe('minute');
    proxy.set('500');
    const failed = await call();
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ Type: 'UnknownErrorException' });
    proxy.set('pass');
  });

  it('gives no Retry-After on an Intuit 429 (Intuit says wait 60 s)', () => {
    const answer = rateLimitAnswer('quickbooks', 1);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBeUndefined();
    expect(JSON.parse(answer.body)).toMatchObject({ Fault: { type: 'SERVICE', Error: [{ code: '3001' }] } });
  });

  it('resets the connection, and hangs until the caller gives up', async () => {
    proxy.set('reset');
    await expect(call()).rejects.toThrow();
    proxy.set('hang');
    const before = proxy.stats.faults.hang;
    await expect(call('/connections', 400)).rejects.toThrow(/abort|timeout/i);
    expect(proxy.stats.faults.hang).toBe(before + 1);
    proxy.releaseHanging();
    proxy.set({ mode: 'hang', resetAfterMs: 100 });
    await expect(call('/connections', 3_000)).rejects.toThrow();
    proxy.set('pass');
  });

  it('faults only every Nth call, or only matching paths', async () => {
    proxy.set({ mode: '500', every: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call()).status);
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500]);
    proxy.set({ mode: '500', path: /^\/api\.xro\// });
    expect((await call()).status).toBe(200);
    expect((await call('/api.xro/2.0/Contacts')).status).toBe(500);
    proxy.set('pass');
  });
});
