import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { runPull } from '../../../src/sync/run-pull.js';
import { QBO_ENTITIES as QBO_ENTITY_TYPES, QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { startQuickBooksEmulator, type QuickBooksEmulator } from './start-quickbooks-emulator.js';
import { sqlValue } from '../../../tests/support/sql.js';

/** A quiet company (no edit for 40 days, past CDC's 30): once backfilled, a poll must not list it all again. */
describe('polling a quiet QuickBooks company', () => {
  const open: { app: TestApp; emulator: QuickBooksEmulator }[] = [];
  afterEach(async () => {
    for (const { app, emulator } of open.splice(0)) {
      await app.dispose();
      await emulator.close();
    }
  });

  /** Backfills a company of this size, then polls it once: the API requests and records that poll read. */
  async function secondPoll(customers: number, invoicesPerCustomer: number): Promise<{ requests: number; cdc: number; listed: number; stored: number }> {
    const store = new QuickBooksEmulatorStore();
    store.seedQuiet({ customers, invoicesPerCustomer, daysSinceLastEdit: 40 });
    const emulator = await startQuickBooksEmulator({ store });
    const app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      QUICKBOOKS_BASE_URL: emulator.url,
      QUICKBOOKS_TOKEN_URL: emulator.tokenUrl,
      QUICKBOOKS_REALM_ID: store.realmId,
      QUICKBOOKS_ACCESS_TOKEN: 'env-access-token',
      QUICKBOOKS_CLIENT_ID: 'qbo-client',
      QUICKBOOKS_CLIENT_SECRET: 'qbo-secret',
    });
    open.push({ app, emulator });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'quickbooks'`))!;
    for (const type of QBO_ENTITY_TYPES) expect((await runPull(app, connectionId, type, 'backfill')).status).toBe('succeeded');
    const stored = (await sqlValue<number>(app, `SELECT COUNT(*) AS n FROM records WHERE connection_id = ? AND deleted = 0`, connectionId))!;

    const before = emulator.requests.length;
    const runs: number[] = [];
    for (const type of QBO_ENTITY_TYPES) runs.push((await runPull(app, connectionId, type, 'incremental')).runId!);
    const api = emulator.requests.slice(before).filter((request) => request.path.startsWith('/v3/company/'));
    let listed = 0;
    for (const runId of runs) listed += (await sqlValue<number>(app, 'SELECT added + updated + unchanged AS n FROM sync_runs WHERE id = ?', runId))!;
    return { requests: api.length, cdc: api.filter((request) => request.path.endsWith('/cdc')).length, listed, stored };
  }

  it('makes the same few requests whatever the company size, and reads no record again', async () => {
    const small = await secondPoll(3, 2);
    const large = await secondPoll(5, 500); // 2 500 invoices: a full listing would take three query pages
    expect(large.stored).toBeGreaterThan(2_500);
    // Per entity type: one CDC call, which carries every change and deletion since the cursor.
    expect(small).toMatchObject({ requests: QBO_ENTITY_TYPES.length, cdc: QBO_ENTITY_TYPES.length, listed: 0 });
    expect(large).toMatchObject({ requests: QBO_ENTITY_TYPES.length, cdc: QBO_ENTITY_TYPES.length, listed: 0 });
  }, 120_000);
});
