import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { runPull } from '../../../src/sync/run-pull.js';
import { startServer } from '../../../src/server/start-server.js';
import { startSalesforceEmulator, type SalesforceEmulator } from './start-salesforce-emulator.js';
import { SalesforceEmulatorStore } from './salesforce-emulator-store.js';
import { outboundMessage } from '../testing/salesforce-payloads.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from '../../../tests/support/sql.js';

const TYPES = ['User', 'Account', 'Contact', 'Opportunity'];

describe('Salesforce emulator driven by the real connector (jsforce)', () => {
  let emulator: SalesforceEmulator;
  let app: TestApp;
  beforeEach(async () => {
    // The org's records were last edited ten minutes ago.
    const store = new SalesforceEmulatorStore(() => Date.now() - 600_000);
    store.seedDemo();
    emulator = await startSalesforceEmulator({ store, batchSize: 2, multiCurrency: true });
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      SALESFORCE_INSTANCE_URL: emulator.url,
      SALESFORCE_LOGIN_URL: emulator.url,
      SALESFORCE_ACCESS_TOKEN: 'expired-token',
      SALESFORCE_REFRESH_TOKEN: 'refresh-token',
      SALESFORCE_CLIENT_ID: 'client',
      SALESFORCE_CLIENT_SECRET: 'secret',
      SALESFORCE_ORG_ID: emulator.store.orgId,
    });
  });
  afterEach(async () => {
    await app.dispose();
    await emulator.close();
  });

  it('backfills across query batches (refreshing the expired session first), reads deletions, and provisions a won opportunity', async () => {
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'salesforce'`))!;
    for (const type of TYPES) await runPull(app, connectionId, type, 'backfill');
    expect(await sqlAll(app, `SELECT kind, COUNT(*) AS n FROM records GROUP BY kind ORDER BY kind`)).toEqual([
      { kind: 'company', n: 2 },
      { kind: 'contact', n: 4 },
      { kind: 'deal', n: 2 },
      { kind: 'team_member', n: 1 },
    ]);
    expect(await sqlGet(app, `SELECT MAX(pages) AS pages FROM sync_runs WHERE object_type = 'Contact'`)).toEqual({ pages: 3 });

    const [account] = [...emulator.store.records.Account.values()];
    const [spare] = [...emulator.store.records.Contact.values()].filter((c) => c.AccountId === account!.Id).slice(-1);
    // getDeleted works in whole minutes (jsforce rounds the window down): a deletion 90 s ago,
    // after a check 150 s ago, is inside the next window whatever the second hand says.
    emulator.store.remove('Contact', spare!.Id, Date.now() - 90_000);
    const cursor = JSON.parse((await sqlValue<string>(app, `SELECT cursor FROM sync_cursors WHERE object_type = 'Contact'`))!) as Record<string, number>;
    await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = 'Contact'`, JSON.stringify({ ...cursor, deletionsCheckedTo: Date.now() - 150_000 }));
    await runPull(app, connectionId, 'Contact', 'incremental');
    expect(await sqlGet(app, 'SELECT deleted FROM records WHERE external_id = ?', spare!.Id)).toEqual({ deleted: 1 });

    const opportunity = [...emulator.store.records.Opportunity.values()].find((o) => o.AccountId === account!.Id)!;
    emulator.store.winOpportunity(opportunity.Id);
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      const ack = await fetch(`${server.url}/webhooks/salesforce`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: outboundMessage(emulator.store.orgId, [{ id: '04l5e000000N100AAA', type: 'Opportunity', recordId: opportunity.Id }]),
      });
      expect(await ack.text()).toContain('<Ack>true</Ack>');
      await app.jobs.drain();
    } finally {
      await server.close();
    }
    expect(await sqlAll(app, 'SELECT name FROM clients')).toEqual([{ name: 'Initech' }]);
    // The contact deleted above is no longer invited.
    expect(await sqlAll(app, 'SELECT email FROM portal_users ORDER BY email')).toEqual([{ email: 'peter@initech.example' }]);
  });
});
