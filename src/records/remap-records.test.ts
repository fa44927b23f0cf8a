import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { readFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../sync/run-pull.js';
import { remapRecords } from './remap-records.js';
import { sqlGet } from '../../tests/support/sql.js';

const XERO = 'https://xero.test';
const contacts = JSON.parse(readFileSync(new URL('../../connectors/xero/testing/samples/contacts_list.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('re-mapping stored payloads after a mapping change', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', XERO_BASE_URL: XERO, XERO_TENANT_ID: 'aef86862-2015-4b6b-88bc-d89032cecc50', XERO_ACCESS_TOKEN: 'xero-access' });
    nock(XERO).get('/api.xro/2.0/Contacts').query(true).reply(200, contacts);
    const connectionId = (await sqlGet<{ id: number }>(app, `SELECT id FROM connections WHERE provider = 'xero'`))!.id;
    await runPull(app, connectionId, 'Contact', 'backfill');
    await remapRecords(app, { onlyIfChanged: true });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const katherine = async () => (await sqlGet<{ data: string; version: number }>(app, `SELECT data, version FROM records WHERE external_id = '5cc8cf28-567e-4d43-b287-687cfcaec47c'`))!;

  it('applies a new override to every stored record without calling Xero, once', async () => {
    const before = await katherine();
    expect(JSON.parse(before.data)).toMatchObject({ taxNumber: null });
    app.config.mappingOverrides = { xero: { Contact: { taxNumber: 'companyNumber', 'First name': 'firstName' } } };
    const summary = await remapRecords(app, { onlyIfChanged: true });
    expect(summary.changed).toBeGreaterThan(0);
    const after = await katherine();
    expect(JSON.parse(after.data)).toMatchObject({ taxNumber: 'NumberBusiness1234', custom: { 'First name': 'Katherine' } });
    expect(after.version).toBe(before.version + 1);
    // A re-map is not a change at the source: nothing reaches clients' activity or digests.
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM record_changes WHERE change = 'updated'`)).toEqual({ n: 0 });
    // Same configuration again: nothing to do.
    expect(await remapRecords(app, { onlyIfChanged: true })).toMatchObject({ connections: 0, changed: 0 });
  });

  it('dead-letters what the new mapping rejects, keeping the old data', async () => {
    const before = (await katherine()).data;
    app.config.mappingOverrides = { xero: { Contact: { emails: 'contactPersons' , name: 'bankAccountDetails' } } };
    const summary = await remapRecords(app);
    expect(summary.deadLettered).toBeGreaterThan(0);
    expect((await katherine()).data).toBe(before);
    expect(await sqlGet(app, `SELECT reason FROM dead_letters WHERE external_id = '5cc8cf28-567e-4d43-b287-687cfcaec47c'`)).toMatchObject({ reason: expect.stringMatching(/^re-map: name/) });
  });
});
