import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { runPull } from '../../../src/sync/run-pull.js';
import { startChangeStreams, STREAM_CURSOR } from '../../../src/sync/start-change-streams.js';
import { startSalesforceEmulator, type SalesforceEmulator } from './start-salesforce-emulator.js';
import { SalesforceEmulatorStore } from './salesforce-emulator-store.js';
import { readCredentials } from '../../../src/connections/connection-repository.js';
import { sqlGet, sqlValue } from '../../../tests/support/sql.js';

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Salesforce Change Data Capture through jsforce streaming (CometD) against the emulator', () => {
  let emulator: SalesforceEmulator;
  let app: TestApp;
  let connectionId: number;
  beforeEach(async () => {
    const store = new SalesforceEmulatorStore(() => Date.now() - 600_000);
    store.seedDemo();
    emulator = await startSalesforceEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_INSTANCE_URL: emulator.url, SALESFORCE_LOGIN_URL: emulator.url, SALESFORCE_ACCESS_TOKEN: 'session', SALESFORCE_ORG_ID: store.orgId });
    connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'salesforce'`))!;
    for (const type of ['User', 'Account', 'Contact', 'Opportunity']) await runPull(app, connectionId, type, 'backfill');
  });
  afterEach(async () => {
    await app.dispose();
    await emulator.close();
  });

  it('provisions from a change event, applies deletions, and replays what happened while it was down', async () => {
    const streams = startChangeStreams(app, { checkEveryMs: 200 });
    const clients = async () => (await sqlValue<number>(app, 'SELECT COUNT(*) AS n FROM clients'))!;
    try {
      await streams.ready;
      expect(await sqlGet(app, `SELECT lease_owner FROM sync_cursors WHERE object_type = ?`, STREAM_CURSOR)).toEqual({ lease_owner: app.workerId });
      const opportunity = [...emulator.store.records.Opportunity.values()][0]!;
      emulator.store.winOpportunity(opportunity.Id);
      emulator.store.publishChange('Opportunity', 'UPDATE', [opportunity.Id]);
      await until(async () => (await clients()) === 1);

      const contact = [...emulator.store.records.Contact.values()].at(-1)!;
      emulator.store.remove('Contact', contact.Id);
      emulator.store.publishChange('Contact', 'DELETE', [contact.Id]);
      await until(async () => (await sqlValue<number>(app, 'SELECT deleted FROM records WHERE external_id = ?', contact.Id)) === 1);
    } finally {
      await streams.stop();
    }
    const saved = JSON.parse((await sqlValue<string>(app, 'SELECT cursor FROM sync_cursors WHERE object_type = ?', STREAM_CURSOR))!) as { replayId: number };
    expect(saved.replayId).toBe(2);

    // While no stream is open, an account is renamed; the next stream replays from replay id 2.
    const account = [...emulator.store.records.Account.values()][1]!;
    emulator.store.update('Account', account.Id, { Name: 'Umbrella Logistics Group' });
    emulator.store.publishChange('Account', 'UPDATE', [account.Id]);
    const again = startChangeStreams(app, { checkEveryMs: 200 });
    try {
      await again.ready;
      await until(async () => (JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE external_id = ?`, account.Id))!) as { name: string }).name === 'Umbrella Logistics Group');
    } finally {
      await again.stop();
    }
  }, 60_000);

  it('renews an expired session refused by the streaming endpoint and reopens the stream', async () => {
    const renewing = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      SALESFORCE_INSTANCE_URL: emulator.url,
      SALESFORCE_LOGIN_URL: emulator.url,
      SALESFORCE_ACCESS_TOKEN: 'expired-session',
      SALESFORCE_REFRESH_TOKEN: 'refresh-token',
      SALESFORCE_CLIENT_ID: 'client',
      SALESFORCE_CLIENT_SECRET: 'secret',
    });
    const streams = startChangeStreams(renewing, { checkEveryMs: 200 });
    try {
      const id = (await sqlValue<number>(renewing, `SELECT id FROM connections WHERE provider = 'salesforce'`))!;
      // The first attempt is refused (401 on the handshake); the token is renewed and the next check opens the stream.
      const account = [...emulator.store.records.Account.values()][0]!;
      await until(async () => {
        emulator.store.update('Account', account.Id, { Name: `Initech ${Date.now()}` });
        emulator.store.publishChange('Account', 'UPDATE', [account.Id]);
        const data = await sqlValue<string>(renewing, `SELECT data FROM records WHERE connection_id = ? AND external_id = ?`, id, account.Id);
        const row = data === undefined ? undefined : (JSON.parse(data) as { name: string });
        return row?.name?.startsWith('Initech ') ?? false;
      });
      expect((await readCredentials(renewing.store.db, renewing.keyring, id)).accessToken).toMatch(/^00D!/);
    } finally {
      await streams.stop();
      await renewing.dispose();
    }
  }, 60_000);
});
