import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OWNER, HubSpotEmulatorStore } from './emulator-store.js';
import { startHubSpotEmulator } from './start-hubspot-emulator.js';
import type { HubSpotEmulator } from './start-hubspot-emulator.js';
import { sdkFailure, sdkFor } from './emulator-test-support.js';

describe('GET /crm/v3/owners through the SDK', () => {
  let emulator: HubSpotEmulator;
  beforeAll(async () => {
    const store = new HubSpotEmulatorStore();
    store.addOwner({ email: 'sam.second@brightside.example', firstName: 'Sam', lastName: 'Second' });
    store.addOwner({ email: 'tia.third@brightside.example', firstName: 'Tia', lastName: 'Third' });
    emulator = await startHubSpotEmulator({ store });
  });
  afterAll(() => emulator.close());

  it('pages through owners with after', async () => {
    const client = sdkFor(emulator.url);
    const first = await client.crm.owners.ownersApi.getPage(undefined, undefined, 2);
    expect(first.results.map((o) => o.email)).toEqual([DEFAULT_OWNER.email, 'sam.second@brightside.example']);
    expect(first.results[0]).toMatchObject({ id: DEFAULT_OWNER.id, userId: DEFAULT_OWNER.userId, firstName: 'Alex', archived: false });
    expect(first.results[0]!.updatedAt).toBeInstanceOf(Date);
    const second = await client.crm.owners.ownersApi.getPage(undefined, first.paging!.next!.after, 2);
    expect(second.results.map((o) => o.firstName)).toEqual(['Tia']);
    expect(second.paging).toBeUndefined();
    expect((await client.crm.owners.ownersApi.getPage('TIA.third@brightside.example')).results).toHaveLength(1);
  });

  it('gets one owner by id or userId, and 404s an unknown one', async () => {
    const client = sdkFor(emulator.url);
    expect((await client.crm.owners.ownersApi.getById(Number(DEFAULT_OWNER.id))).email).toBe(DEFAULT_OWNER.email);
    expect((await client.crm.owners.ownersApi.getById(DEFAULT_OWNER.userId, 'userId')).id).toBe(DEFAULT_OWNER.id);
    const failure = await sdkFailure(client.crm.owners.ownersApi.getById(1));
    expect(failure.code).toBe(404);
    expect(failure.body).toMatchObject({ category: 'OBJECT_NOT_FOUND' });
  });
});
