import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotEmulator } from './start-hubspot-emulator.js';
import type { HubSpotEmulator } from './start-hubspot-emulator.js';
import { CUSTOM_PIPELINE_ID } from './emulator-store.js';
import { sdkFailure, sdkFor } from './emulator-test-support.js';

describe('GET /crm/v3/pipelines/deals through the SDK', () => {
  let emulator: HubSpotEmulator;
  beforeAll(async () => {
    emulator = await startHubSpotEmulator();
  });
  afterAll(() => emulator.close());

  it('lists the default pipeline and a custom one whose won stage has a numeric id', async () => {
    const { results } = await sdkFor(emulator.url).crm.pipelines.pipelinesApi.getAll('deals');
    expect(results.map((p) => p.id)).toEqual(['default', CUSTOM_PIPELINE_ID]);
    const defaults = results[0]!;
    expect(defaults.createdAt).toBeInstanceOf(Date);
    expect(defaults.stages.map((s) => s.id)).toEqual([
      'appointmentscheduled',
      'qualifiedtobuy',
      'presentationscheduled',
      'decisionmakerboughtin',
      'contractsent',
      'closedwon',
      'closedlost',
    ]);
    const byId = Object.fromEntries(results.flatMap((p) => p.stages.map((s) => [s.id, s.metadata])));
    expect(byId.closedwon).toEqual({ isClosed: 'true', probability: '1.0' });
    expect(byId.closedlost).toEqual({ isClosed: 'true', probability: '0.0' });
    expect(byId.contractsent?.isClosed).toBe('false');
    const won = results[1]!.stages.filter((s) => s.metadata?.isClosed === 'true' && Number(s.metadata?.probability) === 1);
    expect(won.map((s) => s.id)).toEqual([expect.stringMatching(/^\d+$/)]);
  });

  it('gets one pipeline, and 404s an unknown one', async () => {
    const client = sdkFor(emulator.url);
    expect((await client.crm.pipelines.pipelinesApi.getById('deals', CUSTOM_PIPELINE_ID)).label).toBe('Renewals');
    expect((await sdkFailure(client.crm.pipelines.pipelinesApi.getById('deals', 'nope'))).code).toBe(404);
  });
});
