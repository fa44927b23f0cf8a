import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import type { Queryable } from '../store.js';
import { listWorkspaceConnections } from '../connections/list-workspace-connections.js';
import { listLiveConnections } from '../connections/list-live-connections.js';
import { listClientNames } from './list-client-names.js';
import { listConsoleClients } from './list-console-clients.js';
import { findConsoleClient } from './find-console-client.js';
import { countLinkedRecordsByProvider } from './count-linked-records-by-provider.js';
import { countPortalUsersByClient } from './count-portal-users-by-client.js';
import { listLinkedRecords } from './list-linked-records.js';
import { listRequestLog } from './list-request-log.js';
import { listLatestSyncRuns } from './list-latest-sync-runs.js';
import { listSyncCursors } from './list-sync-cursors.js';
import { countStoredRecords } from './count-stored-records.js';
import { countOpenDeadLetters } from './count-open-dead-letters.js';
import { findLastWebhookDeliveries } from './find-last-webhook-deliveries.js';
import { countHookSecrets } from './count-hook-secrets.js';
import { countOpenReviews } from './count-open-reviews.js';
import { jsonText } from '../../../tests/support/json-text.js';
import { listUndeliveredActions } from '../portal-actions/list-undelivered-actions.js';

/** Two workspaces, each with clients and a connection: the reads must never cross them. */
async function seed(q: Queryable) {
  const ws = async (slug: string) => (await q.insertInto('workspaces').values({ slug, name: slug, created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const a = await ws('a');
  const b = await ws('b');
  const client = async (workspace: number, name: string, status = 'active') =>
    (await q.insertInto('clients').values({ workspace_id: workspace, name, status, created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const zeta = await client(a, 'zeta');
  const alpha = await client(a, 'Alpha');
  const beta = await client(a, 'beta', 'offboarded');
  const other = await client(b, 'Other');
  const connection = async (workspace: number, provider: string, status = 'active') =>
    (await q.insertInto('connections').values({ workspace_id: workspace, provider, label: 'env', auth_type: 'token', status, settings: '{"realm":"1"}', credentials_sealed: 'sealed', created_at: 5, updated_at: 5, last_success_at: status === 'active' ? 9 : null }).returning('id').executeTakeFirstOrThrow()).id;
  const hubspot = await connection(a, 'hubspot');
  const asana = await connection(a, 'asana', 'disconnected');
  const foreign = await connection(b, 'hubspot');
  let n = 0;
  const record = async (conn: number, workspace: number, clientId: number | null, objectType: string, data: object, deleted = 0) =>
    (
      await q
        .insertInto('records')
        .values({ workspace_id: workspace, connection_id: conn, provider: 'hubspot', object_type: objectType, kind: objectType === 'companies' ? 'company' : 'deal', external_id: `x${++n}`, data: JSON.stringify(data), raw: '{}', content_hash: `h${n}`, synced_at: n, client_id: clientId, deleted })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const r1 = await record(hubspot, a, alpha, 'companies', { name: 'Alpha Inc' });
  await record(hubspot, a, alpha, 'deals', { title: 'Deal' });
  await record(hubspot, a, alpha, 'deals', { title: 'Gone' }, 1);
  await record(hubspot, a, null, 'deals', { name: 'Loose' });
  await record(foreign, b, other, 'companies', { name: 'Other Inc' });
  await q.insertInto('record_links').values({ record_id: r1, workspace_id: a, client_id: alpha, method: 'domain', confidence: 1, decided_at: 1, detail: '{"domain":"alpha.test"}', manual: 1, decided_by: 'staff:1' }).execute();
  const user = (workspace: number, clientId: number, email: string, status = 'active') => q.insertInto('portal_users').values({ workspace_id: workspace, client_id: clientId, email, name: email, status, created_at: 1 }).execute();
  await user(a, alpha, 'one@alpha.test');
  await user(a, alpha, 'two@alpha.test');
  await user(a, alpha, 'off@alpha.test', 'disabled');
  await user(b, other, 'x@other.test');
  return { a, b, zeta, alpha, beta, other, hubspot, asana, foreign, r1 };
}

describe.each(STORE_ENGINES)('staff console reads on %s', (engine) => {
  let t: TestStore;
  let ids: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    t = await openTestStore(engine);
    ids = await seed(t.store.db);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('lists a workspace’s connections (settings parsed, no credentials), and the live ones for freshness', async () => {
    const connections = await listWorkspaceConnections(t.store.db, ids.a);
    expect(connections.map((c) => [c.id, c.provider, c.status])).toEqual([
      [ids.hubspot, 'hubspot', 'active'],
      [ids.asana, 'asana', 'disconnected'],
    ]);
    expect(connections[0]).toEqual({ id: ids.hubspot, workspaceId: ids.a, provider: 'hubspot', label: 'env', authType: 'token', settings: { realm: '1' }, status: 'active', lastError: null, consecutiveFailures: 0, lastSuccessAt: 9 });
    expect(JSON.stringify(connections)).not.toContain('sealed');
    expect(await listLiveConnections(t.store.db, ids.a)).toEqual([{ id: ids.hubspot, provider: 'hubspot', label: 'env', status: 'active', lastSuccessAt: 9, createdAt: 5 }]);
  });

  it('reads clients in case-folded name order, one by id only in its workspace, and their counts', async () => {
    expect((await listConsoleClients(t.store.db, ids.a)).map((c) => c.name)).toEqual(['Alpha', 'beta', 'zeta']);
    expect(await findConsoleClient(t.store.db, ids.a, ids.alpha)).toEqual({ id: ids.alpha, name: 'Alpha', status: 'active', mergedIntoClientId: null });
    expect(await findConsoleClient(t.store.db, ids.a, ids.other)).toBeUndefined();
    expect([...(await listClientNames(t.store.db, ids.a)).values()].sort()).toEqual(['Alpha', 'beta', 'zeta']);
    expect(await countLinkedRecordsByProvider(t.store.db, ids.a)).toEqual([{ clientId: ids.alpha, provider: 'hubspot', n: 2 }]);
    expect([...(await countPortalUsersByClient(t.store.db, ids.a)).entries()]).toEqual([[ids.alpha, 2]]);
  });

  it('lists a client’s live records with how each was linked', async () => {
    const rows = await listLinkedRecords(t.store.db, ids.alpha, 10);
    expect(rows.map((r) => [r.objectType, r.method, r.manual])).toEqual([
      ['companies', 'domain', 1],
      ['deals', null, null],
    ]);
    expect(rows[0]).toMatchObject({ id: ids.r1, detail: '{"domain":"alpha.test"}', decidedBy: 'staff:1', data: jsonText({ name: 'Alpha Inc' }) });
    expect(await listLinkedRecords(t.store.db, ids.alpha, 1)).toHaveLength(1);
  });

  it('reads sync state per object type: newest run, newest finished run, cursors, stored records, open dead letters', async () => {
    const run = (objectType: string, status: string, startedAt: number) =>
      t.store.db.insertInto('sync_runs').values({ connection_id: ids.hubspot, object_type: objectType, mode: 'incremental', status, started_at: startedAt, heartbeat_at: startedAt, worker_id: 'w', added: 3 }).returning('id').executeTakeFirstOrThrow();
    const old = await run('companies', 'succeeded', 10);
    const failed = await run('companies', 'failed', 20);
    const running = await run('companies', 'running', 30);
    const deals = await run('deals', 'succeeded', 40);
    await t.store.db.insertInto('sync_runs').values({ connection_id: ids.foreign, object_type: 'companies', mode: 'backfill', status: 'succeeded', started_at: 99, heartbeat_at: 99, worker_id: 'w' }).execute();
    const latest = await listLatestSyncRuns(t.store.db, ids.hubspot);
    expect([...latest.entries()].map(([k, v]) => [k, v.id]).sort()).toEqual([['companies', running.id], ['deals', deals.id]].sort());
    expect(latest.get('companies')).toMatchObject({ status: 'running', started_at: 30, added: 3, mode: 'incremental' });
    const finished = await listLatestSyncRuns(t.store.db, ids.hubspot, { finishedOnly: true });
    expect(finished.get('companies')?.id).toBe(failed.id);
    expect(finished.get('companies')?.id).not.toBe(old.id);

    await t.store.db.insertInto('sync_cursors').values([{ connection_id: ids.hubspot, object_type: 'companies', cursor: 'c-1', updated_at: 1 }, { connection_id: ids.foreign, object_type: 'companies', cursor: 'theirs', updated_at: 1 }]).execute();
    expect([...(await listSyncCursors(t.store.db, ids.hubspot)).entries()]).toEqual([['companies', 'c-1']]);
    expect([...(await countStoredRecords(t.store.db, ids.hubspot)).entries()].sort()).toEqual([['companies', 1], ['deals', 2]]);

    const letter = (conn: number, workspace: number, status: string) => t.store.db.insertInto('dead_letters').values({ workspace_id: workspace, connection_id: conn, provider: 'hubspot', object_type: 'deals', payload: '{}', reason: 'bad', stage: 'mapping', status, created_at: 1 }).execute();
    await letter(ids.hubspot, ids.a, 'open');
    await letter(ids.hubspot, ids.a, 'open');
    await letter(ids.hubspot, ids.a, 'discarded');
    await letter(ids.foreign, ids.b, 'open');
    expect(await countOpenDeadLetters(t.store.db, { connectionId: ids.hubspot })).toBe(2);
    expect(await countOpenDeadLetters(t.store.db, { workspaceId: ids.b })).toBe(1);
  });

  it('reads the request log of one provider since a time, whatever the account', async () => {
    await t.store.db.insertInto('request_log').values([{ key: 'quickbooks:1:1000', at: 50 }, { key: 'quickbooks:2:60000', at: 60 }, { key: 'quickbooks:1:1000', at: 5 }, { key: 'quickbooksx:1:1000', at: 70 }, { key: 'xero:1:1000', at: 70 }]).execute();
    const rows = await listRequestLog(t.store.db, 'quickbooks', 10);
    expect(rows.map((r) => `${r.key}@${r.at}`).sort()).toEqual(['quickbooks:1:1000@50', 'quickbooks:2:60000@60']);
  });

  it('reads the newest accepted and refused webhook deliveries of a connection (or of none), and its hook secrets', async () => {
    expect(await findLastWebhookDeliveries(t.store.db, 'hubspot', ids.hubspot)).toEqual({ acceptedAt: null, rejected: null });
    const delivery = (connectionId: number | null, status: string, at: number, reason: string | null = null) =>
      t.store.db.insertInto('webhook_deliveries').values({ provider: 'hubspot', connection_id: connectionId, status, received_at: at, reason, headers: '{}', body: '' }).execute();
    await delivery(ids.hubspot, 'accepted', 100);
    await delivery(null, 'accepted', 200);
    await delivery(ids.foreign, 'accepted', 300);
    await delivery(ids.hubspot, 'rejected', 150, 'bad signature');
    await delivery(ids.foreign, 'rejected', 400, 'theirs');
    expect(await findLastWebhookDeliveries(t.store.db, 'hubspot', ids.hubspot)).toEqual({ acceptedAt: 200, rejected: { at: 150, reason: 'bad signature' } });

    await t.store.db.insertInto('webhook_secrets').values([{ connection_id: ids.asana, provider: 'asana', hook_id: 'h1', secret_sealed: 's', created_at: 1, updated_at: 1 }, { connection_id: ids.asana, provider: 'asana', hook_id: 'h2', secret_sealed: null, created_at: 1, updated_at: 1 }]).execute();
    expect(await countHookSecrets(t.store.db, ids.asana)).toBe(1);
    expect(await countHookSecrets(t.store.db, ids.hubspot)).toBe(0);
  });

  it('counts open reviews, and lists undelivered portal actions of the workspace only', async () => {
    expect(await countOpenReviews(t.store.db, ids.a)).toBe(0);
    await t.store.db.insertInto('link_reviews').values([{ workspace_id: ids.a, record_id: ids.r1, reason: 'conflict', candidates: '[]', status: 'open', created_at: 1, updated_at: 1 }, { workspace_id: ids.a, record_id: ids.r1, reason: 'suggestion', candidates: '[]', status: 'dismissed', created_at: 1, updated_at: 1 }]).execute();
    expect(await countOpenReviews(t.store.db, ids.a)).toBe(1);
    expect(await countOpenReviews(t.store.db, ids.b)).toBe(0);

    const action = (workspace: number, clientId: number, conn: number, key: string, status: string) =>
      t.store.db.insertInto('portal_actions').values({ workspace_id: workspace, client_id: clientId, connection_id: conn, operation: 'createRequest', idempotency_key: key, payload: '{"title":"Hi"}', status, created_at: 1, updated_at: 1 }).execute();
    await action(ids.a, ids.alpha, ids.hubspot, 'k1', 'pending');
    await action(ids.a, ids.alpha, ids.hubspot, 'k2', 'failed');
    await action(ids.a, ids.alpha, ids.hubspot, 'k3', 'done');
    await action(ids.b, ids.other, ids.foreign, 'k4', 'pending');
    const actions = await listUndeliveredActions(t.store.db, ids.a);
    expect(actions.map((a) => [a.idempotencyKey, a.status])).toEqual([
      ['k2', 'failed'],
      ['k1', 'pending'],
    ]);
    expect(actions[0]).toMatchObject({ clientId: ids.alpha, connectionId: ids.hubspot, operation: 'createRequest', payload: { title: 'Hi' }, attempts: 0, doneAt: null });
  });
});
