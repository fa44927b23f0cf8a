import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { startServer } from '../../src/server/start-server.js';
import { getSyncRun } from '../../src/sync/sync-run-repository.js';
import { describeOpportunity, outboundMessage, queryResult, sfOpportunity, sfRecord, SF_ORG_ID, SF_VERSION } from './testing/salesforce-payloads.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';

const SF = 'https://sf.test';
const API = `/services/data/v${SF_VERSION}`;
const T0 = Date.parse('2026-11-20T09:00:00.000Z');

async function connectionId(app: TestApp): Promise<number> {
  return (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'salesforce'`))!;
}

describe('Salesforce connector (jsforce against nock)', () => {
  let app: TestApp;
  const soql: string[] = [];
  beforeEach(async () => {
    soql.length = 0;
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      SALESFORCE_INSTANCE_URL: SF,
      SALESFORCE_LOGIN_URL: 'https://login.sf.test',
      SALESFORCE_ACCESS_TOKEN: 'sf-token-1',
      SALESFORCE_REFRESH_TOKEN: 'sf-refresh-1',
      SALESFORCE_CLIENT_ID: 'sf-client',
      SALESFORCE_CLIENT_SECRET: 'sf-secret',
      SALESFORCE_ORG_ID: SF_ORG_ID,
      SALESFORCE_API_VERSION: SF_VERSION,
    });
    nock(SF).get(`${API}/sobjects/Opportunity/describe`).reply(200, describeOpportunity(true)).persist();
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  const recordQuery = (query: Record<string, unknown>) => {
    soql.push(String(query.q ?? ''));
    return true;
  };

  it('backfills over nextRecordsUrl pages in SystemModstamp order, with contact roles and currency', async () => {
    nock(SF)
      .get(`${API}/query`).query(recordQuery)
      .reply(200, queryResult([sfOpportunity('0065e00000Opp1AAA', T0, {}, ['0035e00000Con1AAA', '0035e00000Con2AAA']), sfOpportunity('0065e00000Opp2AAA', T0 + 1000)], 3, '01g5e00000Loc1AAA-2000'))
      .get(`${API}/query/01g5e00000Loc1AAA-2000`)
      .reply(200, queryResult([sfOpportunity('0065e00000Opp3AAA', T0 + 2000, { Amount: 1234.5, CurrencyIsoCode: 'JPY' })], 3));
    const result = await runPull(app, await connectionId(app), 'Opportunity', 'backfill');
    expect(await getSyncRun(app.store.db, result.runId!)).toMatchObject({ status: 'succeeded', pages: 3, added: 3 });
    expect(soql[0]).toBe(
      'SELECT Id, Name, AccountId, StageName, IsClosed, IsWon, Amount, CloseDate, OwnerId, SystemModstamp, CurrencyIsoCode, (SELECT ContactId, IsPrimary, Role FROM OpportunityContactRoles) FROM Opportunity ORDER BY SystemModstamp, Id',
    );
    const deals = await sqlAll<{ id: string; data: string }>(app, `SELECT external_id AS id, data FROM records WHERE kind = 'deal' ORDER BY external_id`);
    expect(JSON.parse(deals[0]!.data)).toMatchObject({ amountMinor: 2_500_000, currency: 'EUR', contactExternalIds: ['0035e00000Con1AAA', '0035e00000Con2AAA'], companyExternalIds: ['0015e00000AcmeAAA'], isWon: false });
    expect(JSON.parse(deals[2]!.data)).toMatchObject({ amountMinor: 1235, currency: 'JPY' });
  });

  it('resumes after a crash between pages from the last saved page, and reads deletions with getDeleted', async () => {
    nock(SF)
      .get(`${API}/query`).query(recordQuery)
      .reply(200, queryResult([sfRecord('Account', '0015e00000Acc1AAA', T0, { Name: 'Acme' }), sfRecord('Account', '0015e00000Acc2AAA', T0 + 5000, { Name: 'Globex' })], 3, '01g5e00000Loc2AAA-2000'))
      .get(`${API}/query/01g5e00000Loc2AAA-2000`)
      .replyWithError('socket hang up');
    await expect(runPull(app, await connectionId(app), 'Account', 'backfill')).rejects.toThrow(/Salesforce unreachable: .*socket hang up/);
    const failed = (await sqlGet<{ status: string; pages: number; added: number; cursor_end: string }>(app, `SELECT status, pages, added, cursor_end FROM sync_runs ORDER BY id DESC`))!;
    expect(failed).toMatchObject({ status: 'failed', pages: 1, added: 2 });
    expect(JSON.parse(failed.cursor_end)).toEqual({ since: T0 + 5000, deletionsCheckedTo: null });

    nock(SF)
      .get(`${API}/query`).query(recordQuery)
      .reply(200, queryResult([sfRecord('Account', '0015e00000Acc2AAA', T0 + 5000, { Name: 'Globex' }), sfRecord('Account', '0015e00000Acc3AAA', T0 + 9000, { Name: 'Initech' })], 2));
    const resumed = await runPull(app, await connectionId(app), 'Account', 'incremental');
    expect(soql.at(-1)).toBe(`SELECT Id, Name, Website, Phone, BillingCity, BillingCountry, OwnerId, SystemModstamp FROM Account WHERE SystemModstamp >= 2026-11-20T08:58:05Z ORDER BY SystemModstamp, Id`);
    expect(await getSyncRun(app.store.db, resumed.runId!)).toMatchObject({ status: 'succeeded', added: 1, unchanged: 1 });

    let deletedQuery: Record<string, string> = {};
    nock(SF)
      .get(`${API}/query`).query(true)
      .reply(200, queryResult([], 0))
      .get(`${API}/sobjects/Account/deleted`)
      .query((q) => { deletedQuery = q as Record<string, string>; return true; })
      .reply(200, { deletedRecords: [{ id: '0015e00000Acc1AAA', deletedDate: '2026-11-20T10:00:00.000+0000' }], earliestDateAvailable: '2026-11-05T00:00:00.000+0000', latestDateCovered: '2026-11-23T10:00:00.000+0000' });
    const third = await runPull(app, await connectionId(app), 'Account', 'incremental');
    expect(await getSyncRun(app.store.db, third.runId!)).toMatchObject({ status: 'succeeded', deleted: 1 });
    expect(deletedQuery.start).toBeDefined();
    expect(await sqlGet(app, `SELECT deleted FROM records WHERE external_id = '0015e00000Acc1AAA'`)).toEqual({ deleted: 1 });
  });

  it('falls back to a reconciling full pass when the cursor is older than getDeleted reaches', async () => {
    nock(SF).get(`${API}/query`).query(recordQuery).reply(200, queryResult([sfRecord('Contact', '0035e00000Con1AAA', T0), sfRecord('Contact', '0035e00000Con2AAA', T0 + 1)], 2));
    await runPull(app, await connectionId(app), 'Contact', 'backfill');
    // Twenty days without a sync: deletions from then are gone from the recycle bin's API.
    await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = 'Contact'`, JSON.stringify({ since: T0 + 1, deletionsCheckedTo: Date.now() - 20 * 86_400_000 }));
    nock(SF).get(`${API}/query`).query(recordQuery).reply(200, queryResult([sfRecord('Contact', '0035e00000Con1AAA', T0)], 1));
    const run = await runPull(app, await connectionId(app), 'Contact', 'incremental');
    expect(soql.at(-1)).toBe('SELECT Id, AccountId, Email, FirstName, LastName, Name, Phone, Title, HasOptedOutOfEmail, SystemModstamp FROM Contact ORDER BY SystemModstamp, Id');
    expect(await getSyncRun(app.store.db, run.runId!)).toMatchObject({ status: 'succeeded', deleted: 1 });
    expect(await sqlAll(app, `SELECT external_id AS id, deleted FROM records ORDER BY external_id`)).toEqual([
      { id: '0035e00000Con1AAA', deleted: 0 },
      { id: '0035e00000Con2AAA', deleted: 1 },
    ]);
  });

  it('refreshes an expired session once and retries the call with the new token', async () => {
    let refreshes = 0;
    nock('https://login.sf.test')
      .post('/services/oauth2/token', (body: Record<string, string>) => body.grant_type === 'refresh_token' && body.refresh_token === 'sf-refresh-1')
      .reply(200, () => {
        refreshes++;
        return { access_token: 'sf-token-2', instance_url: SF, id: `https://login.sf.test/id/${SF_ORG_ID}/0055e00000OwnerAAA`, token_type: 'Bearer', issued_at: String(Date.now()), signature: 'x' };
      });
    nock(SF)
      .get(`${API}/query`).query(true).matchHeader('authorization', 'Bearer sf-token-1')
      .reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
      .get(`${API}/query`).query(true).matchHeader('authorization', 'Bearer sf-token-2')
      .reply(200, queryResult([sfRecord('User', '0055e00000OwnerAAA', T0, { Name: 'Olivia Owner', Email: 'olivia@brightside.example' })], 1));
    const result = await runPull(app, await connectionId(app), 'User', 'backfill');
    expect(await getSyncRun(app.store.db, result.runId!)).toMatchObject({ status: 'succeeded', added: 1 });
    expect(refreshes).toBe(1);
  });

  it('answers outbound messages with a SOAP Ack, refuses another org with a fault, and provisions a won opportunity once', async () => {
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      const post = (body: string) => fetch(`${server.url}/webhooks/salesforce`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, body });
      const foreign = await post(outboundMessage('00D5e000000ZzZzEAF', [{ id: '04l5e000000N001AAA', type: 'Opportunity', recordId: '0065e00000Opp1AAA' }]));
      expect(foreign.status).toBe(500);
      expect(await foreign.text()).toContain('<faultstring>outbound message from org 00D5e000000ZzZzEAF, which is not the connected org</faultstring>');

      const won = sfOpportunity('0065e00000Opp1AAA', T0, { IsWon: true, IsClosed: true, StageName: 'Closed Won', Name: 'Managed services' }, ['0035e00000Con1AAA']);
      nock(SF)
        .persist()
        .get(`${API}/query`).query((q) => /FROM Opportunity WHERE Id IN/.test(String(q.q))).reply(200, queryResult([won], 1))
        .get(`${API}/query`).query((q) => /FROM Account WHERE Id IN/.test(String(q.q))).reply(200, queryResult([sfRecord('Account', '0015e00000AcmeAAA', T0, { Name: 'Acme Corporation', Website: 'https://www.acme.example/' })], 1))
        .get(`${API}/query`).query((q) => /FROM Contact WHERE Id IN/.test(String(q.q))).reply(200, queryResult([sfRecord('Contact', '0035e00000Con1AAA', T0, { AccountId: '0015e00000AcmeAAA', Email: 'Rose@acme.example', FirstName: 'Rose', LastName: 'Tyler', Name: 'Rose Tyler' })], 1))
        .get(`${API}/query`).query((q) => /FROM User WHERE Id IN/.test(String(q.q))).reply(200, queryResult([sfRecord('User', '0055e00000OwnerAAA', T0, { Name: 'Olivia Owner', Email: 'olivia@brightside.example' })], 1));
      const message = outboundMessage(SF_ORG_ID, [{ id: '04l5e000000N002AAA', type: 'Opportunity', recordId: '0065e00000Opp1AAA' }]);
      const acks = await Promise.all([post(message), post(message), post(outboundMessage(SF_ORG_ID, [{ id: '04l5e000000N003AAA', type: 'Opportunity', recordId: '0065e00000Opp1AAA' }]))]);
      for (const ack of acks) {
        expect(ack.status).toBe(200);
        expect(await ack.text()).toContain('<Ack>true</Ack>');
      }
      await app.jobs.drain();
    } finally {
      await server.close();
    }
    expect(await sqlAll(app, 'SELECT name FROM clients')).toEqual([{ name: 'Acme Corporation' }]);
    expect(await sqlAll(app, 'SELECT email FROM portal_users')).toEqual([{ email: 'rose@acme.example' }]);
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM outbox_messages`)).toEqual({ n: 1 });
    expect(await sqlGet(app, `SELECT status, reason FROM webhook_deliveries ORDER BY id LIMIT 1`)).toEqual({ status: 'rejected', reason: 'outbound message from org 00D5e000000ZzZzEAF, which is not the connected org' });
  });
});
