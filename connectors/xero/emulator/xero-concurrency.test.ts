import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { buildConnectorContext } from '../../../src/connections/build-connector-context.js';
import { findConnection } from '../../../src/store/connections/find-connection.js';
import { XeroEmulatorStore } from './xero-emulator-store.js';
import { startXeroEmulator, type XeroEmulator } from './start-xero-emulator.js';
import { xeroHubEnv } from './hub-env.js';
import { sqlValue } from '../../../tests/support/sql.js';

/** Xero allows 5 calls in progress at once per organisation; a sixth is 429 with X-Rate-Limit-Problem: concurrent. */
describe('Xero concurrent-call limit', () => {
  let emulator: XeroEmulator | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.dispose();
    await emulator?.close();
  });

  it('the emulator refuses a sixth call in progress with 429, Retry-After and X-Rate-Limit-Problem: concurrent', async () => {
    const store = new XeroEmulatorStore();
    emulator = await startXeroEmulator({ store, latencyMs: 300, limits: { perMinute: 1000, perDay: 5000, appPerMinute: 10_000, concurrent: 5 } });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${emulator!.apiBase}/Contacts`, { headers: { authorization: 'Bearer any', 'xero-tenant-id': store.tenantId, accept: 'application/json' } })),
    );
    const refused = answers.filter((answer) => answer.status === 429);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    expect(refused).toHaveLength(3);
    for (const answer of refused) {
      expect(answer.headers.get('x-rate-limit-problem')).toBe('concurrent');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Once those finished, calls go through again.
    expect((await fetch(`${emulator.apiBase}/Contacts`, { headers: { authorization: 'Bearer any', 'xero-tenant-id': store.tenantId, accept: 'application/json' } })).status).toBe(200);
  });

  it('the hub keeps 12 simultaneous reads of one organisation to 5 in progress: none refused', async () => {
    const store = new XeroEmulatorStore();
    const contact = store.createContact({ name: 'Paced Ltd', email: 'ap@paced.example' });
    // Each answer takes 400 ms: long enough that five calls are in progress together on a busy machine.
    emulator = await startXeroEmulator({ store, latencyMs: 400, limits: { perMinute: 1000, perDay: 5000, appPerMinute: 10_000, concurrent: 5 } });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...xeroHubEnv(emulator, 'webhook-key') });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'xero'`))!;
    const context = await buildConnectorContext(app, (await findConnection(app.store.db, connectionId))!);
    const connector = app.connectors.get('xero');
    const read = await Promise.all(Array.from({ length: 12 }, () => connector.fetchByIds(context, 'Contact', [String(contact.ContactID)])));
    expect(read.every((records) => records.length === 1)).toBe(true);
    const calls = emulator.requests.filter((request) => request.path.startsWith('/api.xro/2.0/Contacts'));
    expect(calls).toHaveLength(12);
    expect(emulator.limiter.peakConcurrent).toBe(5);
  });
});
