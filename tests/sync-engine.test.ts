import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_BASE, type TestApp } from './support/create-test-app.js';
import { sqlAll, sqlGet, sqlRun } from './support/sql.js';
import { runPull } from '../src/sync/run-pull.js';
import { runSchedulerTick } from '../src/sync/run-scheduler-tick.js';
import { createJobHandlers, createWorkerHooks } from '../src/jobs/create-job-handlers.js';
import { listDeadLetters } from '../src/sync/dead-letters.js';
import { replayDeadLetter } from '../src/sync/replay-dead-letter.js';
import { findConnection } from '../src/store/connections/find-connection.js';
import { dealMapping } from '../mappings/hubspot/deal.js';
import { associationsResponse, fakeDeal, pipelinesResponse, searchResponse } from '../connectors/hubspot/testing/hubspot-payloads.js';

const T0 = Date.parse('2026-11-01T10:00:00.000Z');

function stubSideCalls() {
  const scope = nock(HUBSPOT_TEST_BASE).persist();
  scope.get('/crm/v3/pipelines/deals').reply(200, pipelinesResponse());
  scope
    .post(/\/crm\/v4\/associations\/deals\/(companies|contacts)\/batch\/read/)
    .reply(200, (_uri, body) => associationsResponse(Object.fromEntries((body as { inputs: { id: string }[] }).inputs.map((i) => [i.id, []]))));
}

describe('sync engine', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp({ CLIENTHUB_JOB_MAX_ATTEMPTS: '3' });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  it('dead-letters a payload that fails mapping, keeps the rest, and replays it after the mapping is fixed', async () => {
    stubSideCalls();
    nock(HUBSPOT_TEST_BASE)
      .post('/crm/v3/objects/deals/search')
      .reply(200, searchResponse([fakeDeal('1', T0), fakeDeal('2', T0 + 1, { amount: '12,50' }), fakeDeal('3', T0 + 2)], 3));
    const result = await runPull(app, await hubspotConnectionId(app), 'deals', 'backfill');
    expect(await sqlGet(app, 'SELECT status, added, dead_lettered FROM sync_runs WHERE id = ?', result.runId)).toEqual({ status: 'succeeded', added: 2, dead_lettered: 1 });
    const [letter] = await listDeadLetters(app.store.db);
    expect(letter).toMatchObject({ provider: 'hubspot', objectType: 'deals', externalId: '2', stage: 'mapping', status: 'open', reason: 'Not a decimal amount: "12,50"' });

    const still = await replayDeadLetter(app, letter!.id, { actor: 'test' });
    expect(still).toEqual({ ok: false, reason: 'Not a decimal amount: "12,50"' });
    expect(await listDeadLetters(app.store.db)).toHaveLength(1);

    // The fix: amounts written with a decimal comma are read (stands in for a mapping change shipped by a developer).
    const original = dealMapping.map;
    dealMapping.map = (raw, context) => {
      const deal = raw as { properties: Record<string, string> };
      return original({ ...deal, properties: { ...deal.properties, amount: deal.properties.amount!.replace(',', '.') } }, context);
    };
    try {
      const replayed = await replayDeadLetter(app, (await listDeadLetters(app.store.db))[0]!.id, { actor: 'test' });
      expect(replayed).toEqual({ ok: true, outcome: 'added' });
    } finally {
      dealMapping.map = original;
    }
    const replayedRecord = (await sqlGet<{ data: string }>(app, `SELECT data FROM records WHERE external_id = '2'`))!;
    expect((JSON.parse(replayedRecord.data) as { amountMinor: unknown }).amountMinor).toBe(1250);
    expect(await listDeadLetters(app.store.db)).toHaveLength(0);
    expect(await sqlAll(app, `SELECT action FROM audit_log WHERE action LIKE 'dead_letter.%' ORDER BY id`)).toEqual([{ action: 'dead_letter.replayed' }]);
  });

  it('marks a connection unhealthy with HubSpot’s own message when its token is refused, and stops polling it', async () => {
    stubSideCalls();
    nock(HUBSPOT_TEST_BASE)
      .post(/\/crm\/v3\/objects\/\w+\/search/)
      .reply(401, { status: 'error', message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication.', category: 'INVALID_AUTHENTICATION', correlationId: 'c' })
      .persist();
    nock(HUBSPOT_TEST_BASE).get('/crm/v3/owners/').query(true).reply(200, { results: [] }).persist();
    await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
    await runSchedulerTick(app);
    await app.jobs.drain();
    const connection = (await findConnection(app.store.db, await hubspotConnectionId(app)))!;
    expect(connection.status).toBe('unhealthy');
    expect(connection.lastError).toBe(
      'HubSpot 401: Authentication credentials not found. This API supports OAuth 2.0 authentication. (INVALID_AUTHENTICATION); ' +
        'The access token is expired or was rejected and there is no refresh token: reconnect the account',
    );
    // Not retried: a refused private-app token does not heal by itself.
    expect(await sqlGet(app, `SELECT MAX(attempts) AS attempts FROM jobs WHERE name = 'sync.pull' AND status = 'failed'`)).toEqual({ attempts: 1 });
    const later = await runSchedulerTick(app, Date.now() + 3600_000);
    expect(later.enqueued).toBe(0);
  });

  it('retries a failing provider a bounded number of times with backoff, then gives up and says why', async () => {
    stubSideCalls();
    nock(HUBSPOT_TEST_BASE)
      .post('/crm/v3/objects/deals/search')
      .reply(502, { status: 'error', message: 'Bad gateway', category: 'INTERNAL_ERROR', correlationId: 'c' })
      .persist();
    await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
    await app.jobs.enqueue('sync.pull', { connectionId: await hubspotConnectionId(app), objectType: 'deals', mode: 'backfill' });
    const deadline = Date.now() + 20_000;
    let job: { status: string; attempts: number; last_error: string } | undefined;
    while (Date.now() < deadline) {
      job = await sqlGet<NonNullable<typeof job>>(app, `SELECT status, attempts, last_error FROM jobs WHERE name = 'sync.pull'`);
      if (job?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job).toEqual({ status: 'failed', attempts: 3, last_error: 'HubSpot 502: Bad gateway (INTERNAL_ERROR)' });
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM sync_runs WHERE status = 'failed'`)).toEqual({ n: 3 });
    expect(await findConnection(app.store.db, await hubspotConnectionId(app))).toMatchObject({ status: 'unhealthy', lastError: 'HubSpot 502: Bad gateway (INTERNAL_ERROR)' });
  });

  it('detects a run whose worker died, marks it interrupted and resumes from its saved cursor', async () => {
    stubSideCalls();
    const connectionId = await hubspotConnectionId(app);
    const cursorTime = T0 + 50_000;
    await sqlRun(app, `INSERT INTO sync_cursors (connection_id, object_type, cursor, updated_at, lease_owner, lease_until) VALUES (?, 'deals', ?, ?, 'dead-worker', ?)`, connectionId, JSON.stringify({ since: cursorTime }), T0, Date.now() - 1);
    const dead = (await sqlGet<{ id: number }>(
      app,
      `INSERT INTO sync_runs (connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, pages, added) VALUES (?, 'deals', 'backfill', 'running', 'dead-worker', ?, ?, 4, 800) RETURNING id`,
      connectionId,
      Date.now() - 600_000,
      Date.now() - 300_000,
    ))!;
    const filters: unknown[] = [];
    nock(HUBSPOT_TEST_BASE)
      .post('/crm/v3/objects/deals/search', (body: { filterGroups: unknown[] }) => { filters.push(body.filterGroups); return true; })
      .reply(200, searchResponse([fakeDeal('9', cursorTime + 10)], 1));
    await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
    const tick = await runSchedulerTick(app);
    expect(tick.resumed).toBe(1);
    await app.jobs.drain();
    expect(await sqlGet(app, 'SELECT status, error FROM sync_runs WHERE id = ?', dead.id)).toEqual({
      status: 'interrupted',
      error: 'The worker running this sync stopped responding; resumed from its last saved cursor',
    });
    expect(await sqlAll(app, `SELECT status FROM sync_runs WHERE status = 'running'`)).toEqual([]);
    const resumed = await sqlGet(app, `SELECT mode, status, added, resumed_from_run_id AS "resumedFrom" FROM sync_runs WHERE object_type = 'deals' AND id > ? ORDER BY id LIMIT 1`, dead.id);
    expect(resumed).toEqual({ mode: 'backfill', status: 'succeeded', added: 1, resumedFrom: dead.id });
    expect(filters[0]).toEqual([{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(cursorTime - 120_000) }] }]);
  });
});

describe('deletion sweep after a complete listing', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp();
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  it('marks records a full pass no longer lists as deleted, but never on an empty listing', async () => {
    stubSideCalls();
    const connectionId = await hubspotConnectionId(app);
    nock(HUBSPOT_TEST_BASE).post('/crm/v3/objects/deals/search').reply(200, searchResponse([fakeDeal('1', T0), fakeDeal('2', T0 + 1), fakeDeal('3', T0 + 2)], 3));
    await runPull(app, connectionId, 'deals', 'backfill');

    // Deal 2 was deleted in HubSpot while no webhook reached us.
    nock(HUBSPOT_TEST_BASE).post('/crm/v3/objects/deals/search').reply(200, searchResponse([fakeDeal('1', T0), fakeDeal('3', T0 + 2)], 2));
    const second = await runPull(app, connectionId, 'deals', 'backfill');
    expect(await sqlAll(app, `SELECT external_id AS id, deleted FROM records ORDER BY external_id`)).toEqual([
      { id: '1', deleted: 0 },
      { id: '2', deleted: 1 },
      { id: '3', deleted: 0 },
    ]);
    expect(await sqlGet(app, 'SELECT deleted, unchanged FROM sync_runs WHERE id = ?', second.runId)).toEqual({ deleted: 1, unchanged: 2 });

    // An incremental pull lists only changes: nothing may be swept.
    nock(HUBSPOT_TEST_BASE).post('/crm/v3/objects/deals/search').reply(200, searchResponse([fakeDeal('3', T0 + 2)], 1));
    await runPull(app, connectionId, 'deals', 'incremental');
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE deleted = 0`)).toEqual({ n: 2 });

    // A full pass that comes back empty (say, a revoked scope) deletes nothing.
    nock(HUBSPOT_TEST_BASE).post('/crm/v3/objects/deals/search').reply(200, searchResponse([], 0));
    await runPull(app, connectionId, 'deals', 'backfill');
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE deleted = 0`)).toEqual({ n: 2 });
  });
});
