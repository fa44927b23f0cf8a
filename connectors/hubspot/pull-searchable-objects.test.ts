import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import nock from 'nock';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_BASE, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { getSyncRun } from '../../src/sync/sync-run-repository.js';
import { RateLimitError } from '../../src/sync/sync-errors.js';
import { retryDelayMs } from '../../src/jobs/retry-policy.js';
import { searchLikeHubSpot, type SearchRequestBody } from './testing/search-like-hubspot.js';
import { associationsResponse, fakeDeal, pipelinesResponse, searchResponse, type FakeObject } from './testing/hubspot-payloads.js';
import { sqlAll, sqlGet } from '../../tests/support/sql.js';

interface SearchBody {
  filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[];
  sorts: { propertyName: string; direction: string }[];
  limit: number;
  after?: string;
  properties: string[];
}

const T0 = Date.parse('2026-11-01T10:00:00.000Z');

function stubDealSideCalls() {
  nock(HUBSPOT_TEST_BASE).get('/crm/v3/pipelines/deals').reply(200, pipelinesResponse()).persist();
  nock(HUBSPOT_TEST_BASE)
    .post(/\/crm\/v4\/associations\/deals\/(companies|contacts)\/batch\/read/)
    .reply(200, (_uri, body) => associationsResponse(Object.fromEntries((body as { inputs: { id: string }[] }).inputs.map((i) => [i.id, []]))))
    .persist();
}

describe('HubSpot pull through the CRM search API', () => {
  let app: TestApp;
  let sleep: ReturnType<typeof vi.fn<(ms: number) => Promise<void>>>;

  beforeEach(async () => {
    nock.disableNetConnect();
    sleep = vi.fn(async (_ms: number) => {});
    app = await createTestApp({}, { sleep });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  it('backfills over several pages, then pulls only what changed since, re-reading an overlap window', async () => {
    stubDealSideCalls();
    const bodies: SearchBody[] = [];
    const deals = [fakeDeal('101', T0), fakeDeal('102', T0 + 1000), fakeDeal('103', T0 + 2000)];
    nock(HUBSPOT_TEST_BASE)
      .post('/crm/v3/objects/deals/search', (body: SearchBody) => { bodies.push(body); return body.after === undefined; })
      .reply(200, searchResponse(deals.slice(0, 2), 3, 'NTI1Cg%3D%3D'))
      .post('/crm/v3/objects/deals/search', (body: SearchBody) => { bodies.push(body); return body.after === 'NTI1Cg%3D%3D'; })
      .reply(200, searchResponse(deals.slice(2), 3));

    const connectionId = await hubspotConnectionId(app);
    const backfillStarted = Date.now();
    const first = await runPull(app, connectionId, 'deals', 'backfill');
    const run = (await getSyncRun(app.store.db, first.runId!))!;
    expect(run).toMatchObject({ status: 'succeeded', pages: 2, added: 3, updated: 0 });
    expect(bodies[0]!.filterGroups).toEqual([]);
    expect(bodies[0]!.sorts).toEqual([{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }]);
    // A completed pass moves the cursor to when it started, less the overlap, however old the newest deal is.
    const cursor = JSON.parse(run.cursorEnd!) as { since: number };
    expect(cursor.since).toBeGreaterThanOrEqual(Math.max(T0 + 2000, backfillStarted - 120_000));
    expect(cursor.since).toBeLessThanOrEqual(Math.max(T0 + 2000, Date.now() - 120_000));
    const stored = (await sqlAll<{ external_id: string; data: string }>(app, `SELECT external_id, data FROM records WHERE kind = 'deal' ORDER BY external_id`)).map((row) => {
      const data = JSON.parse(row.data) as { amountMinor: unknown; stageLabel: unknown };
      return { external_id: row.external_id, amount: data.amountMinor, stage: data.stageLabel };
    });
    expect(stored).toEqual([
      { external_id: '101', amount: 5_000_000, stage: 'Presentation Scheduled' },
      { external_id: '102', amount: 5_000_000, stage: 'Presentation Scheduled' },
      { external_id: '103', amount: 5_000_000, stage: 'Presentation Scheduled' },
    ]);

    // Deal 103 is re-read unchanged inside the overlap window; 104 is new; 102 changed.
    bodies.length = 0;
    nock(HUBSPOT_TEST_BASE)
      .post('/crm/v3/objects/deals/search', (body: SearchBody) => { bodies.push(body); return true; })
      .reply(200, searchResponse([deals[2]!, fakeDeal('102', T0 + 5000, { amount: '61000.50' }), fakeDeal('104', T0 + 6000)], 3));
    const second = await runPull(app, connectionId, 'deals', 'incremental');
    expect(await getSyncRun(app.store.db, second.runId!)).toMatchObject({ status: 'succeeded', pages: 1, added: 1, updated: 1, unchanged: 1 });
    expect(bodies[0]!.filterGroups[0]!.filters).toEqual([
      { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(cursor.since - 120_000) },
    ]);
    const changed = (await sqlGet<{ data: string; version: number }>(app, `SELECT data, version FROM records WHERE external_id = '102'`))!;
    expect({ amount: (JSON.parse(changed.data) as { amountMinor: unknown }).amountMinor, version: changed.version }).toEqual({ amount: 6_100_050, version: 2 });
  });

  /** A fake search index that behaves like HubSpot's: filters, ascending sort, and a hard 10 000-result ceiling. */
  function fakeSearchIndex(objects: FakeObject[], stats: { requests: number; ceilingHits: number }) {
    nock(HUBSPOT_TEST_BASE)
      .post('/crm/v3/objects/deals/search')
      .reply((_uri, raw) => {
        stats.requests++;
        const answer = searchLikeHubSpot(objects, raw as SearchRequestBody);
        if (answer.status === 400) stats.ceilingHits++;
        return [answer.status, answer.body as nock.Body];
      })
      .persist();
  }

  it('gets every record past the 10 000-result ceiling by moving the time window', { timeout: 120_000 }, async () => {
    stubDealSideCalls();
    const deals = Array.from({ length: 10_450 }, (_, i) => fakeDeal(String(5000 + i), T0 + Math.floor(i / 3) * 1000));
    const stats = { requests: 0, ceilingHits: 0 };
    fakeSearchIndex(deals, stats);
    const result = await runPull(app, await hubspotConnectionId(app), 'deals', 'backfill');
    expect(stats.ceilingHits).toBe(0);
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE kind = 'deal'`)).toEqual({ n: 10_450 });
    expect(await getSyncRun(app.store.db, result.runId!)).toMatchObject({ status: 'succeeded', added: 10_450 });
  });

  it('walks more than 10 000 records sharing one timestamp by object id, missing none', { timeout: 120_000 }, async () => {
    stubDealSideCalls();
    const sameInstant = Array.from({ length: 10_300 }, (_, i) => fakeDeal(String(20_000 + i), T0));
    const later = [fakeDeal('99999', T0 + 1000)];
    const stats = { requests: 0, ceilingHits: 0 };
    fakeSearchIndex([...sameInstant, ...later], stats);
    await runPull(app, await hubspotConnectionId(app), 'deals', 'backfill');
    expect(stats.ceilingHits).toBe(0);
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE kind = 'deal'`)).toEqual({ n: 10_301 });
  });

  it('waits out a 429 for the Retry-After HubSpot sends, then carries on', async () => {
    stubDealSideCalls();
    nock(HUBSPOT_TEST_BASE)
      .post('/crm/v3/objects/deals/search')
      .reply(429, { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY', correlationId: 'c1' }, { 'Retry-After': '2' })
      .post('/crm/v3/objects/deals/search')
      .reply(200, searchResponse([fakeDeal('1', T0)], 1));
    const result = await runPull(app, await hubspotConnectionId(app), 'deals', 'backfill');
    expect(sleep).toHaveBeenCalledWith(2000);
    expect(await getSyncRun(app.store.db, result.runId!)).toMatchObject({ status: 'succeeded', added: 1 });
  });

  it('turns a long Retry-After into a rescheduled job instead of blocking a worker', async () => {
    stubDealSideCalls();
    nock(HUBSPOT_TEST_BASE)
      .post('/crm/v3/objects/deals/search')
      .reply(429, { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY', correlationId: 'c2' }, { 'Retry-After': '120' });
    const failure = await runPull(app, await hubspotConnectionId(app), 'deals', 'backfill').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RateLimitError);
    expect((failure as RateLimitError).retryAfterMs).toBe(120_000);
    expect(retryDelayMs(1, failure)).toBeGreaterThanOrEqual(120_000);
    const run = (await sqlGet<{ status: string; error: string }>(app, 'SELECT status, error FROM sync_runs ORDER BY id DESC'))!;
    // Paused, not failed: the console shows it waiting for the limit, and the retry resumes from the cursor.
    expect(run.status).toBe('rate_limited');
    expect(run.error).toContain('You have reached your daily limit.');
  });
});
