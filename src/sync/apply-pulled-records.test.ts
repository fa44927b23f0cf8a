import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_BASE, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from './run-pull.js';
import { applyPulledRecords } from './apply-pulled-records.js';
import { findConnection } from '../store/connections/find-connection.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { sqlAll } from '../../tests/support/sql.js';
import { nockHubSpotWorld } from '../../connectors/hubspot/testing/nock-hubspot-world.js';

const T0 = Date.parse('2026-11-01T10:00:00.000Z');

describe('a tombstone that carries no body', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp();
    const deal = (dealId: string, dealName: string) => ({ dealId, dealName, amount: '5000', stage: 'closedwon', companyId: `c${dealId}`, companyName: `Company ${dealId}`, contacts: [], modifiedMs: T0 });
    nockHubSpotWorld(HUBSPOT_TEST_BASE, [deal('7', 'Website relaunch'), deal('8', 'Brand refresh')]);
    await runPull(app, await hubspotConnectionId(app), 'deals', 'backfill');
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  it('marks the stored record deleted and keeps its last mapped data, whether its state was read with the page or looked up again', async () => {
    const connection = (await findConnection(app.store.db, await hubspotConnectionId(app)))!;
    const { metadata } = await buildConnectorContext(app, connection);
    const tombstone = (id: string, at: number) => ({ objectType: 'deals', externalId: id, updatedAt: at, deleted: true, raw: { tombstone: true, id, at } });
    // Deal 7 once (its state comes with the page's prefetch); deal 8 twice in one page (the second
    // time its state is looked up again, since the first write changed it).
    const counts = await app.store.transaction((tx) =>
      applyPulledRecords(app, tx, connection, app.connectors.get('hubspot'), [tombstone('7', T0 + 1000), tombstone('8', T0 + 1000), tombstone('8', T0 + 2000)], { metadata, config: app.config }),
    );
    expect(counts).toMatchObject({ deleted: 2, updated: 1, deadLettered: 0 });
    const rows = await sqlAll<{ external_id: string; deleted: number; version: number; data: string }>(app, `SELECT external_id, deleted, version, data FROM records WHERE kind = 'deal' ORDER BY external_id`);
    expect(rows.map((row) => [row.external_id, row.deleted, row.version, (JSON.parse(row.data) as { name: string }).name])).toEqual([
      ['7', 1, 2, 'Website relaunch'],
      ['8', 1, 3, 'Brand refresh'],
    ]);
  });
});
