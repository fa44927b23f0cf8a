import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runSchedulerTick } from '../../src/sync/run-scheduler-tick.js';
import { maintainWebhooks } from '../../src/sync/maintain-webhooks.js';
import { acceptWebhookHandshake, createWebhookRegistry } from '../../webhooks/webhook-secrets.js';
import { API, ASANA_BASE, WORKSPACE, listPage } from './testing/asana-payloads.js';
import { hookIdFromUrl } from './hook-ids.js';
import { sqlGet, sqlValue } from '../../tests/support/sql.js';

const [A, B, C, D, E] = ['1202000000000001', '1202000000000002', '1202000000000003', '1202000000000004', '1202000000000005'];

describe('Asana webhook maintenance (one hook per live project, re-created when Asana drops it)', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ASANA_ACCESS_TOKEN: 'asana-pat-1', ASANA_WORKSPACE_GID: WORKSPACE, ASANA_BASE_URL: ASANA_BASE });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
  const webhook = (gid: string, project: string, hookId: string, active = true) => ({
    gid, resource_type: 'webhook', active, resource: { gid: project, resource_type: 'project', name: `Project ${project}` },
    target: `http://hub.test/webhooks/asana?hook=${hookId}`, last_failure_at: active ? null : '2026-11-22T08:00:00.000Z', last_failure_content: active ? null : '500 Server Error',
  });
  /** A hook the hub registered earlier, secret included. */
  const known = async (project: string) => {
    const hookId = `${await connectionId()}-${project}-${'ab'.repeat(8)}`;
    const registry = createWebhookRegistry(app, 'asana', await connectionId());
    await registry.expectHandshake(hookId);
    expect((await acceptWebhookHandshake(app, 'asana', hookId, `secret-${project}`)).ok).toBe(true);
    await registry.remember(hookId, `wh-${project}`);
    return hookId;
  };

  it('keeps healthy hooks, re-creates deactivated and dropped ones, creates new projects\' and removes archived projects\'', async () => {
    const hookA = await known(A);
    const hookB = await known(B);
    await known(C);
    const strangerHook = `${(await connectionId()) + 1}-${D}-${'cd'.repeat(8)}`;
    nock(ASANA_BASE).get(`${API}/workspaces/${WORKSPACE}/projects`).query({ limit: '100', opt_fields: 'gid,archived' })
      .reply(200, listPage([{ gid: A, archived: false }, { gid: B, archived: false }, { gid: C, archived: false }, { gid: D, archived: false }, { gid: E, archived: true }]));
    nock(ASANA_BASE)
      .get(`${API}/webhooks`).query((q) => q.workspace === WORKSPACE && !q.offset)
      .reply(200, listPage([webhook('wh-A', A, hookA), webhook('wh-B', B, hookB, false)], 'webhooks-page-2', '/webhooks'))
      .get(`${API}/webhooks`).query((q) => q.workspace === WORKSPACE && q.offset === 'webhooks-page-2')
      // C's hook is gone (Asana drops hooks that failed for a day); E is archived; the last belongs to another connection.
      .reply(200, listPage([webhook('wh-E', E, `${await connectionId()}-${E}-${'ef'.repeat(8)}`), webhook('wh-other', D, strangerHook)]));
    const deleted: string[] = [];
    nock(ASANA_BASE).delete(/\/api\/1\.0\/webhooks\/wh-[A-Za-z]+$/).times(2).reply((uri) => { deleted.push(uri.split('/').pop()!); return [200, { data: {} }]; });
    const created: { resource: string; target: string }[] = [];
    nock(ASANA_BASE).post(`${API}/webhooks`).query(true).times(3).reply(async (_uri, body) => {
      const { data } = body as { data: { resource: string; target: string } };
      created.push(data);
      // Asana's handshake reaches the hub while this call waits.
      const accepted = await acceptWebhookHandshake(app, 'asana', hookIdFromUrl(data.target)!, `fresh-secret-${data.resource}`);
      return accepted.ok ? [201, { data: { gid: `new-${data.resource}`, resource_type: 'webhook', active: true, resource: { gid: data.resource }, target: data.target } }] : [400, { errors: [{ message: 'The remote server did not respond with the handshake secret.' }] }];
    });

    const report = await maintainWebhooks(app, await connectionId());
    expect(report).toEqual({ created: 1, recreated: 2, removed: 1, kept: 1 });
    expect(deleted.sort()).toEqual(['wh-B', 'wh-E']);
    expect(created.map((c) => c.resource).sort()).toEqual([B, C, D]);
    expect(nock.isDone()).toBe(true);
    const hooks = await createWebhookRegistry(app, 'asana', await connectionId()).list();
    expect(hooks.map((h) => [h.hookId.split('-')[1], h.remoteId, h.hasSecret]).sort()).toEqual([
      [A, `wh-${A}`, true],
      [B, `new-${B}`, true],
      [C, `new-${C}`, true],
      [D, `new-${D}`, true],
    ]);
    expect(hooks.find((h) => h.hookId === hookA)).toBeDefined();
  });

  it('forgets a hook whose create call failed, and the scheduler checks hooks once per poll interval without failing the connection', async () => {
    nock(ASANA_BASE).get(`${API}/workspaces/${WORKSPACE}/projects`).query(true).reply(200, listPage([{ gid: A, archived: false }]));
    nock(ASANA_BASE).get(`${API}/webhooks`).query(true).reply(200, listPage([]));
    nock(ASANA_BASE).post(`${API}/webhooks`).query(true).reply(400, { errors: [{ message: 'The remote server did not respond with the handshake secret.' }] });
    expect(await maintainWebhooks(app, await connectionId())).toBeNull();
    expect(await createWebhookRegistry(app, 'asana', await connectionId()).list()).toEqual([]);
    expect(await sqlGet(app, 'SELECT status FROM connections WHERE id = ?', await connectionId())).toEqual({ status: 'active' });

    const queued = async () => (await sqlGet<{ n: number }>(app, `SELECT COUNT(*) AS n FROM jobs WHERE name = 'webhooks.maintain' AND status = 'queued'`))!;
    await runSchedulerTick(app);
    expect((await queued()).n).toBe(0); // just checked (failed or not): not again before the poll interval
    await runSchedulerTick(app, Date.now() + app.config.pollIntervalSeconds * 1000);
    expect((await queued()).n).toBe(1);
    await runSchedulerTick(app, Date.now() + app.config.pollIntervalSeconds * 1000);
    expect((await queued()).n).toBe(1);
  });

  it('does not ask Asana itself to deliver to a non-HTTPS PUBLIC_URL', async () => {
    const local = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ASANA_ACCESS_TOKEN: 'asana-pat-1', ASANA_WORKSPACE_GID: WORKSPACE });
    try {
      const id = (await sqlValue<number>(local, `SELECT id FROM connections WHERE provider = 'asana'`))!;
      expect(await maintainWebhooks(local, id)).toEqual({ created: 0, recreated: 0, removed: 0, kept: 0, skipped: 'PUBLIC_URL is not https: Asana cannot deliver webhooks to it (polling continues)' });
    } finally {
      await local.dispose();
    }
  });
});
