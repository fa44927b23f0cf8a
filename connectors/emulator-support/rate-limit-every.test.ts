/**
 * `rateLimitEvery: N` on every emulator: the Nth API call gets that provider's own rate-limit
 * answer (status, headers, body as the provider documents them); OAuth token calls are not counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { everyNthCall } from './rate-limit-every.js';
import { startXeroEmulator } from '../xero/emulator/start-xero-emulator.js';
import { startQuickBooksEmulator } from '../quickbooks/emulator/start-quickbooks-emulator.js';
import { startHubSpotEmulator } from '../hubspot/emulator/start-hubspot-emulator.js';
import { startSalesforceEmulator } from '../salesforce/emulator/start-salesforce-emulator.js';
import { startStripeEmulator } from '../stripe/emulator/start-stripe-emulator.js';
import { startAsanaEmulator } from '../asana/emulator/start-asana-emulator.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function twice(url: string, headers: Record<string, string>, between?: () => Promise<unknown>): Promise<[Response, Response]> {
  const first = await fetch(url, { headers });
  await first.arrayBuffer();
  await between?.();
  return [first, await fetch(url, { headers })];
}

describe('rateLimitEvery on the emulators', () => {
  it('counts calls and refuses nonsense', () => {
    const third = everyNthCall(3);
    expect([third(), third(), third(), third(), third(), third()]).toEqual([false, false, true, false, false, true]);
    expect(everyNthCall(undefined)()).toBe(false);
    expect(() => everyNthCall(1)).toThrow(/2 or more/);
  });

  it('Xero: 429 with Retry-After in seconds and X-Rate-Limit-Problem: minute; a token call in between is not counted', async () => {
    const emulator = await startXeroEmulator({ rateLimitEvery: 2, rateLimitRetryAfterSeconds: 3 });
    closers.push(emulator.close);
    const [first, second] = await twice(`${emulator.apiBase}/Organisation`, { authorization: 'Bearer any-token', 'xero-tenant-id': emulator.store.tenantId, accept: 'application/json' }, () =>
      fetch(`${emulator.url}/connect/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x' }) }),
    );
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('3');
    expect(second.headers.get('x-rate-limit-problem')).toBe('minute');
  });

  it('QuickBooks: 429 with a ThrottleExceeded Fault and no Retry-After', async () => {
    const emulator = await startQuickBooksEmulator({ rateLimitEvery: 2 });
    closers.push(emulator.close);
    const realm = emulator.store.realmId;
    const [first, second] = await twice(`${emulator.apiBase}${realm}/query?query=${encodeURIComponent('select * from Customer')}`, { authorization: 'Bearer any-token', accept: 'application/json' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
    expect(await second.json()).toMatchObject({ Fault: { type: 'SERVICE', Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' }] } });
  });

  it('HubSpot: 429 with its RATE_LIMIT body naming the SECONDLY policy', async () => {
    const emulator = await startHubSpotEmulator({ rateLimitEvery: 2 });
    closers.push(emulator.close);
    const [first, second] = await twice(`${emulator.url}/crm/v3/owners`, { authorization: 'Bearer pat-any' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY', correlationId: expect.any(String) });
  });

  it('Salesforce: 403 REQUEST_LIMIT_EXCEEDED (concurrent by default, or the daily message), with Sforce-Limit-Info on every answer', async () => {
    const concurrent = await startSalesforceEmulator({ rateLimitEvery: 2, dailyApiLimit: 100 });
    closers.push(concurrent.close);
    const path = '/services/data/v62.0/sobjects/Account/describe';
    const [first, second] = await twice(`${concurrent.url}${path}`, { authorization: 'Bearer session' });
    expect(first.status).toBe(200);
    expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/100');
    expect(second.status).toBe(403);
    expect(second.headers.get('sforce-limit-info')).toBe('api-usage=2/100');
    expect(await second.json()).toEqual([{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'ConcurrentPerOrgLongTxn Limit exceeded.' }]);

    const daily = await startSalesforceEmulator({ rateLimitEvery: 2, rateLimitKind: 'daily' });
    closers.push(daily.close);
    const [, refused] = await twice(`${daily.url}${path}`, { authorization: 'Bearer session' });
    expect(await refused.json()).toEqual([{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]);
  });

  it('Stripe: 429 with the rate_limit error', async () => {
    const emulator = await startStripeEmulator({ rateLimitEvery: 2 });
    closers.push(emulator.close);
    const [first, second] = await twice(`${emulator.url}/v1/customers`, { authorization: 'Bearer sk_test_any' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ error: { code: 'rate_limit', type: 'invalid_request_error' } });
  });

  it('Asana: 429 with Retry-After and its errors body', async () => {
    const emulator = await startAsanaEmulator({ rateLimitEvery: 2 });
    closers.push(emulator.close);
    const [first, second] = await twice(`${emulator.apiBase}/users/me`, { authorization: 'Bearer any-token' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toMatchObject({ errors: [{ message: expect.stringContaining('too many requests') }] });
  });
});
