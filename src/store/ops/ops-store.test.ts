import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { writeOpsProbe } from './write-ops-probe.js';
import { countQueuedJobs } from './count-queued-jobs.js';
import { listOpsAlerts } from './list-ops-alerts.js';
import { openOpsAlert } from './open-ops-alert.js';
import { resolveOpsAlert } from './resolve-ops-alert.js';
import { countFailedActionsByClient } from './count-failed-actions-by-client.js';
import { listProvidersRefusingWebhooks } from './list-providers-refusing-webhooks.js';
import { hasAcceptedWebhookSince } from './has-accepted-webhook-since.js';
import { findWebhookStatusBefore } from './find-webhook-status-before.js';
import { listOwnerEmails } from './list-owner-emails.js';
import { insertOutboxMessage } from '../mail/insert-outbox-message.js';
import { listLastSuccessfulRuns } from '../metrics/list-last-successful-runs.js';
import { countConnectionsByStatus } from '../metrics/count-connections-by-status.js';
import { countPendingWebhookEvents } from '../metrics/count-pending-webhook-events.js';
import { countOpenDeadLettersByProvider } from '../metrics/count-open-dead-letters-by-provider.js';

describe.each(STORE_ENGINES)('ops and metrics repositories on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  let other: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    ws = (await t.store.db.insertInto('workspaces').values({ slug: 'a', name: 'A', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    other = (await t.store.db.insertInto('workspaces').values({ slug: 'b', name: 'B', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('writes the probe row and reads it back, once however often', async () => {
    expect(await writeOpsProbe(t.store.db, 111)).toBe(111);
    expect(await writeOpsProbe(t.store.db, 222)).toBe(222);
    expect(await t.store.db.selectFrom('ops_probe').selectAll().execute()).toEqual([{ id: 1, at: 222 }]);
  });

  it('counts the queued jobs of the in-process runner', async () => {
    expect(await countQueuedJobs(t.store.db)).toBe(0);
    await t.store.db.insertInto('jobs').values([{ name: 'a', payload: '{}', run_at: 1, max_attempts: 3, created_at: 1, status: 'queued' }, { name: 'b', payload: '{}', run_at: 1, max_attempts: 3, created_at: 1, status: 'running' }]).execute();
    expect(await countQueuedJobs(t.store.db)).toBe(1);
  });

  it('opens, resolves and reopens an alert per workspace and key, in a transaction', async () => {
    await t.store.transaction(async (tx) => {
      await openOpsAlert(tx, ws, 'dead-letters', 'first', 10);
      await openOpsAlert(tx, other, 'dead-letters', 'theirs', 11);
    }, { isolation: 'serializable' });
    expect(await listOpsAlerts(t.store.db, ws)).toEqual([{ key: 'dead-letters', state: 'open', summary: 'first', openedAt: 10 }]);
    await resolveOpsAlert(t.store.db, ws, 'dead-letters', 20);
    expect((await listOpsAlerts(t.store.db, ws))[0]?.state).toBe('resolved');
    expect((await listOpsAlerts(t.store.db, other))[0]?.state).toBe('open');
    await openOpsAlert(t.store.db, ws, 'dead-letters', 'again', 30);
    expect(await listOpsAlerts(t.store.db, ws)).toEqual([{ key: 'dead-letters', state: 'open', summary: 'again', openedAt: 30 }]);
    expect(await t.store.db.selectFrom('ops_alerts').select('resolved_at').where('workspace_id', '=', ws).executeTakeFirst()).toEqual({ resolved_at: null });
  });

  it('reads failed portal actions per client, owners to email, and queues their mail', async () => {
    const client = (await t.store.db.insertInto('clients').values({ workspace_id: ws, name: 'Acme', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const conn = (await t.store.db.insertInto('connections').values({ workspace_id: ws, provider: 'hubspot', label: 'env', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const action = (key: string, status: string) => t.store.db.insertInto('portal_actions').values({ workspace_id: ws, client_id: client, connection_id: conn, operation: 'createRequest', idempotency_key: key, payload: '{}', status, created_at: 1, updated_at: 1 }).execute();
    await action('f1', 'failed');
    await action('f2', 'failed');
    await action('p1', 'pending');
    expect(await countFailedActionsByClient(t.store.db, ws)).toEqual([{ clientId: client, name: 'Acme', n: 2 }]);
    expect(await countFailedActionsByClient(t.store.db, other)).toEqual([]);

    const staff = (workspace: number, email: string, role: string, status = 'active') => t.store.db.insertInto('staff_users').values({ workspace_id: workspace, email, name: email, role, status, created_at: 1 }).execute();
    await staff(ws, 'owner@a.test', 'owner');
    await staff(ws, 'gone@a.test', 'owner', 'disabled');
    await staff(ws, 'viewer@a.test', 'viewer');
    await staff(other, 'owner@b.test', 'owner');
    expect(await listOwnerEmails(t.store.db, ws)).toEqual(['owner@a.test']);

    const id = await t.store.transaction((tx) => insertOutboxMessage(tx, { workspaceId: ws, kind: 'ops.alert', to: 'owner@a.test', subject: 'S', text: 'T', headers: { 'X-A': '1' } }, 5));
    expect(await t.store.db.selectFrom('outbox_messages').select(['id', 'kind', 'to_address', 'subject', 'text_body', 'html_body', 'headers', 'status', 'created_at']).execute()).toEqual([
      { id, kind: 'ops.alert', to_address: 'owner@a.test', subject: 'S', text_body: 'T', html_body: null, headers: '{"X-A":"1"}', status: 'pending', created_at: 5 },
    ]);
  });

  it('answers the refused-webhook questions: who refused lately, accepted since, the status before', async () => {
    const delivery = (provider: string, status: string, at: number) => t.store.db.insertInto('webhook_deliveries').values({ provider, status, received_at: at, headers: '{}', body: '' }).execute();
    await delivery('stripe', 'rejected', 100);
    await delivery('stripe', 'rejected', 200);
    await delivery('xero', 'accepted', 150);
    await delivery('xero', 'rejected', 250);
    await delivery('asana', 'rejected', 10);
    expect((await listProvidersRefusingWebhooks(t.store.db, 150)).sort()).toEqual(['stripe', 'xero']);
    expect(await hasAcceptedWebhookSince(t.store.db, 'xero', 150)).toBe(true);
    expect(await hasAcceptedWebhookSince(t.store.db, 'xero', 151)).toBe(false);
    expect(await findWebhookStatusBefore(t.store.db, 'stripe', 150)).toBe('rejected');
    expect(await findWebhookStatusBefore(t.store.db, 'xero', 200)).toBe('accepted');
    expect(await findWebhookStatusBefore(t.store.db, 'xero', 100)).toBeUndefined();
  });

  it('reads the metrics gauges across workspaces', async () => {
    const conn = async (workspace: number, provider: string, status: string) => (await t.store.db.insertInto('connections').values({ workspace_id: workspace, provider, label: `l-${status}`, auth_type: 'token', status, created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const live = await conn(other, 'xero', 'active');
    const gone = await conn(other, 'xero', 'disconnected');
    const run = (connectionId: number, objectType: string, status: string, finishedAt: number) => t.store.db.insertInto('sync_runs').values({ connection_id: connectionId, object_type: objectType, mode: 'incremental', status, started_at: 1, finished_at: finishedAt, heartbeat_at: 1, worker_id: 'w' }).execute();
    await run(live, 'invoices', 'succeeded', 100);
    await run(live, 'invoices', 'succeeded', 300);
    await run(live, 'invoices', 'failed', 400);
    await run(gone, 'invoices', 'succeeded', 500);
    expect(await listLastSuccessfulRuns(t.store.db)).toEqual([{ connectionId: live, provider: 'xero', objectType: 'invoices', at: 300 }]);
    const counts = await countConnectionsByStatus(t.store.db);
    expect(counts.sort((a, b) => `${a.provider}${a.status}`.localeCompare(`${b.provider}${b.status}`))).toEqual([
      { provider: 'hubspot', status: 'active', n: 1 },
      { provider: 'xero', status: 'active', n: 1 },
      { provider: 'xero', status: 'disconnected', n: 1 },
    ]);
    const delivery = (await t.store.db.insertInto('webhook_deliveries').values({ provider: 'xero', status: 'accepted', received_at: 1, headers: '{}', body: '' }).returning('id').executeTakeFirstOrThrow()).id;
    const event = (id: string, status: string) => t.store.db.insertInto('webhook_events').values({ delivery_id: delivery, connection_id: live, provider: 'xero', event_id: id, object_type: 'invoices', external_id: id, payload: '{}', status }).execute();
    await event('e1', 'pending');
    await event('e2', 'processed');
    expect(await countPendingWebhookEvents(t.store.db)).toBe(1);
    const letter = (workspace: number, provider: string, status: string) => t.store.db.insertInto('dead_letters').values({ workspace_id: workspace, provider, object_type: 'x', payload: '{}', reason: 'r', stage: 'mapping', status, created_at: 1 }).execute();
    await letter(ws, 'hubspot', 'open');
    await letter(other, 'xero', 'open');
    await letter(other, 'xero', 'open');
    await letter(other, 'xero', 'replayed');
    expect((await countOpenDeadLettersByProvider(t.store.db)).sort((a, b) => a.provider.localeCompare(b.provider))).toEqual([
      { provider: 'hubspot', n: 1 },
      { provider: 'xero', n: 2 },
    ]);
  });
});
