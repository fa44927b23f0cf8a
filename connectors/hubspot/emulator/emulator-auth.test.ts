import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpotEmulator } from './start-hubspot-emulator.js';
import type { HubSpotEmulator } from './start-hubspot-emulator.js';
import { sdkFailure, sdkFor } from './emulator-test-support.js';

describe('bearer tokens', () => {
  let emulator: HubSpotEmulator;
  afterEach(() => emulator?.close());

  it('accepts any non-empty token by default and refuses a request without one', async () => {
    emulator = await startHubSpotEmulator();
    expect((await sdkFor(emulator.url, 'whatever').crm.pipelines.pipelinesApi.getAll('deals')).results).toHaveLength(2);
    const anonymous = await fetch(`${emulator.url}/crm/v3/pipelines/deals`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION', message: expect.stringMatching(/^Authentication credentials not found/) });
  });

  it('accepts only the configured tokens, and the SDK reports the 401 as an ApiException', async () => {
    emulator = await startHubSpotEmulator({ acceptedTokens: ['good-token'] });
    await sdkFor(emulator.url, 'good-token').crm.owners.ownersApi.getPage();
    const failure = await sdkFailure(sdkFor(emulator.url, 'bad-token').crm.owners.ownersApi.getPage());
    expect(failure.code).toBe(401);
    expect(failure.body).toMatchObject({ category: 'INVALID_AUTHENTICATION', correlationId: expect.any(String) });
    expect(failure.message).toMatch(/^HTTP-Code: 401/);
  });

  it('answers unknown routes and malformed JSON in HubSpot error shape', async () => {
    emulator = await startHubSpotEmulator();
    const headers = { authorization: 'Bearer t', 'content-type': 'application/json' };
    const missing = await fetch(`${emulator.url}/crm/v3/nothing/here/at/all`, { headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
    const malformed = await fetch(`${emulator.url}/crm/v3/objects/deals/search`, { method: 'POST', headers, body: '{"limit":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });
});
