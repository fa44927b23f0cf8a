import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpotEmulator } from './start-hubspot-emulator.js';
import type { HubSpotEmulator } from './start-hubspot-emulator.js';
import { sdkFailure, sdkFor, testClock } from './emulator-test-support.js';

describe('rate limiting', () => {
  let emulator: HubSpotEmulator;
  afterEach(() => emulator?.close());

  it('answers over-limit requests 429 with Retry-After and HubSpot\'s body, and counts down the headers', async () => {
    const clock = testClock();
    emulator = await startHubSpotEmulator({ rateLimit: { limit: 3, windowMs: 1000, now: clock.now } });
    const owners = sdkFor(emulator.url).crm.owners.ownersApi;

    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const info = await owners.getPageWithHttpInfo();
      expect(info.headers['x-hubspot-ratelimit-max']).toBe('3');
      expect(info.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('1000');
      remaining.push(info.headers['x-hubspot-ratelimit-remaining']!);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    clock.advance(400);
    const failure = await sdkFailure(owners.getPage());
    expect(failure.code).toBe(429);
    expect(failure.headers['retry-after']).toBe('1');
    // The SDK passes the parsed error body through untouched, policyName included.
    expect(failure.body).toEqual({
      status: 'error',
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'SECONDLY',
      correlationId: expect.any(String),
    });

    clock.advance(600);
    await owners.getPage();
  });

  it('can limit searches alone, as HubSpot does, while other calls carry on', async () => {
    const clock = testClock();
    emulator = await startHubSpotEmulator({
      rateLimit: [
        { limit: 100, windowMs: 10_000, policyName: 'TEN_SECONDLY_ROLLING', now: clock.now },
        { limit: 1, windowMs: 1000, appliesTo: 'search', now: clock.now },
      ],
    });
    const client = sdkFor(emulator.url);
    await client.crm.deals.searchApi.doSearch({});
    const failure = await sdkFailure(client.crm.deals.searchApi.doSearch({}));
    expect(failure.code).toBe(429);
    expect(failure.body).toMatchObject({ policyName: 'SECONDLY' });
    const info = await client.crm.owners.ownersApi.getPageWithHttpInfo();
    expect(info.headers['x-hubspot-ratelimit-remaining']).toBe('98');
  });

  it('is recognised by the SDK\'s own opt-in retry (it keys on the "secondly limit" message)', async () => {
    emulator = await startHubSpotEmulator({ rateLimit: { limit: 1, windowMs: 500 } });
    const client = sdkFor(emulator.url);
    await client.crm.owners.ownersApi.getPage();
    const retrying = new (await import('@hubspot/api-client')).Client({ accessToken: 't', basePath: emulator.url, numberOfApiCallRetries: 2 });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect((await retrying.crm.owners.ownersApi.getPage()).results.length).toBeGreaterThan(0);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.path === '/crm/v3/owners')).toHaveLength(3);
  });
});
