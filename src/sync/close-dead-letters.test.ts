import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_BASE, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from './run-pull.js';
import { applyPulledRecords } from './apply-pulled-records.js';
import { findConnection } from '../store/connections/find-connection.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { CLOSED_BY_CLEAN_SYNC_NOTE, listDeadLetters } from './dead-letters.js';
import { sqlAll } from '../../tests/support/sql.js';
import { associationsResponse, fakeDeal, pipelinesResponse, searchResponse } from '../../connectors/hubspot/testing/hubspot-payloads.js';

const T0 = Date.parse('2026-11-01T10:00:00.000Z');

describe('dead letters close when their record later syncs cleanly', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp();
    const scope = nock(HUBSPOT_TEST_BASE).persist();
    scope.get('/crm/v3/pipelines/deals').reply(200, pipelinesResponse());
    scope
      .post(/\/crm\/v4\/associations\/deals\/(companies|contacts)\/batch\/read/)
      .reply(200, (_uri, body) => associationsResponse(Object.fromEntries((body as { inputs: { id: string }[] }).inputs.map((i) => [i.id, []]))));
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  const pull = async (...deals: ReturnType<typeof fakeDeal>[]) => {
    nock(HUBSPOT_TEST_BASE).post('/crm/v3/objects/deals/search').reply(200, searchResponse(deals, deals.length));
    await runPull(app, await hubspotConnectionId(app), 'deals', 'backfill');
  };
  const closedAudit = () => sqlAll(app, `SELECT actor_type, action, subject_id FROM audit_log WHERE action LIKE 'dead_letter.%' ORDER BY id`);

  it('a later clean version closes the letter, audited as the system; an older clean read leaves a newer failure open', async () => {
    await pull(fakeDeal('2', T0, { amount: '12,50' }));
    const [letter] = await listDeadLetters(app.store.db);
    expect(letter).toMatchObject({ externalId: '2', status: 'open' });

    await pull(fakeDeal('2', T0 + 60_000, { amount: '12.50' }));
    expect(await listDeadLetters(app.store.db, 'open')).toEqual([]);
    expect(await listDeadLetters(app.store.db, 'all')).toEqual([expect.objectContaining({ id: letter!.id, status: 'replayed', note: CLOSED_BY_CLEAN_SYNC_NOTE, resolvedAt: expect.any(Number) })]);
    expect(await closedAudit()).toEqual([{ actor_type: 'system', action: 'dead_letter.closed', subject_id: String(letter!.id) }]);

    // Version 3 fails; the overlap re-reads version 2, which is clean but older: version 3 still needs a fix.
    await pull(fakeDeal('2', T0 + 120_000, { amount: 'lots' }));
    await pull(fakeDeal('2', T0 + 60_000, { amount: '12.50' }));
    expect(await listDeadLetters(app.store.db, 'open')).toEqual([expect.objectContaining({ externalId: '2', sourceUpdatedAt: T0 + 120_000 })]);
    expect(await closedAudit()).toHaveLength(1);
  });

  it('a deletion of a record the cache never held closes its letter too: nothing is left to fix', async () => {
    await pull(fakeDeal('5', T0, { amount: 'n/a' }));
    expect(await listDeadLetters(app.store.db, 'open')).toHaveLength(1);
    const connection = (await findConnection(app.store.db, await hubspotConnectionId(app)))!;
    const tombstone = { objectType: 'deals', externalId: '5', updatedAt: T0 + 1000, deleted: true, raw: { tombstone: true, id: '5' } };
    const { metadata } = await buildConnectorContext(app, connection);
    await app.store.transaction((tx) => applyPulledRecords(app, tx, connection, app.connectors.get('hubspot'), [tombstone], { metadata, config: app.config }));
    expect(await listDeadLetters(app.store.db, 'open')).toEqual([]);
    expect(await closedAudit()).toEqual([expect.objectContaining({ action: 'dead_letter.closed' })]);
  });
});
