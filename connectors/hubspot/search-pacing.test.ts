import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, hubspotConnectionId, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { HubSpotEmulatorStore } from './emulator/emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from './emulator/start-hubspot-emulator.js';
import { sqlAll, sqlValue } from '../../tests/support/sql.js';

/**
 * Concurrent pulls of one portal (as `serve` runs them) share HubSpot's search allowance: against an
 * emulator enforcing the documented 5 searches a second, none is answered 429.
 */
describe('HubSpot search pacing per account', () => {
  let app: TestApp | undefined;
  let emulator: HubSpotEmulator | undefined;
  afterEach(async () => {
    await app?.dispose();
    await emulator?.close();
  });

  // 4 a second (not the default 5) leaves room for a loaded test machine's latency jitter; paced per pull, three pulls would send 12.
  it('keeps three concurrent pulls of one portal under 5 searches a second together', async () => {
    const store = new HubSpotEmulatorStore();
    // 450 companies, 900 contacts, 450 deals: 3 + 5 + 3 search pages of 200.
    store.generate(450);
    emulator = await startHubSpotEmulator({ store, documentedLimits: true });
    app = await createTestApp(
      { HUBSPOT_BASE_URL: emulator.url, HUBSPOT_ACCESS_TOKEN: 'pat-emulator', HUBSPOT_SEARCH_RPS: '4' },
      { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    );
    const connectionId = await hubspotConnectionId(app);
    await Promise.all(['companies', 'contacts', 'deals'].map((type) => runPull(app!, connectionId, type, 'backfill')));

    // The emulator logs every request, refused ones too: 11 means not one search was answered 429.
    const searches = emulator.requests.filter((request) => request.path.endsWith('/search'));
    const runs = await sqlAll<{ object_type: string; status: string }>(app, `SELECT object_type, status FROM sync_runs`);
    expect(runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const stored = await sqlValue(app, 'SELECT COUNT(*) AS n FROM records WHERE connection_id = ?', connectionId);
    expect(stored).toBe(1800);
    expect(searches.length).toBe(11);
  });
});
