import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { getSyncRun } from '../../src/sync/sync-run-repository.js';
import { fetchAndApply } from '../../src/sync/fetch-and-apply.js';
import { sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';
import { RateLimitError } from '../../src/sync/sync-errors.js';
import { API, ASANA_BASE, WORKSPACE, asanaEvent, asanaProject, asanaTask, eventsPage, listPage, syncTokenExpired } from './testing/asana-payloads.js';
import { PROJECT_FIELDS, TASK_FIELDS } from './opt-fields.js';
import type { TaskCursor } from './pull-tasks.js';
import { touchProjects } from './touched-projects.js';
import { buildConnectorContext } from '../../src/connections/build-connector-context.js';
import { findConnection } from '../../src/store/connections/find-connection.js';

const P1 = '1202000000000001';
const P2 = '1202000000000002';
const P3 = '1202000000000003';

describe('Asana connector: pulls (asana SDK against nock)', () => {
  let app: TestApp;
  const waits: number[] = [];
  beforeEach(async () => {
    nock.disableNetConnect();
    waits.length = 0;
    app = await createTestApp(
      { HUBSPOT_ACCESS_TOKEN: '', ASANA_ACCESS_TOKEN: 'asana-pat-1', ASANA_WORKSPACE_GID: WORKSPACE, ASANA_BASE_URL: ASANA_BASE, ASANA_CLIENT_VISIBLE_TAG: 'Client', ASANA_CLIENT_VISIBLE_FIELD: 'Show client' },
      { sleep: async (ms) => { waits.push(ms); } },
    );
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
  const record = async (objectType: string, id: string) => {
    const row = await sqlGet<{ data: string; deleted: number }>(app, 'SELECT data, deleted FROM records WHERE object_type = ? AND external_id = ?', objectType, id);
    return row ? { ...(JSON.parse(row.data) as Record<string, unknown>), deleted: row.deleted === 1 } : undefined;
  };
  const cursor = async (objectType: string) => JSON.parse((await sqlValue<string>(app, 'SELECT cursor FROM sync_cursors WHERE object_type = ?', objectType))!) as TaskCursor;

  /** GET /workspaces/{ws}/projects as the task pull asks it (gids and archived flags only). */
  const projectSummaries = (projects: { gid: string; archived: boolean }[]) =>
    nock(ASANA_BASE).get(`${API}/workspaces/${WORKSPACE}/projects`).query({ limit: '100', opt_fields: 'gid,archived' }).reply(200, listPage(projects, null, `/workspaces/${WORKSPACE}/projects`));

  it('backfills projects over several pages, with percent complete from task counts and status from the status update', async () => {
    const queries: Record<string, string>[] = [];
    const seen = (uri: string) => queries.push(Object.fromEntries(new URL(uri, ASANA_BASE).searchParams));
    nock(ASANA_BASE)
      .get(`${API}/workspaces/${WORKSPACE}/projects`)
      .query((q) => !q.offset)
      .matchHeader('authorization', 'Bearer asana-pat-1')
      .reply((uri) => {
        seen(uri);
        return [200, listPage([
          asanaProject(P1, { name: 'Website rebuild', current_status_update: { status_type: 'at_risk', text: 'Waiting on copy from the client', title: 'Week 3' } }),
          asanaProject(P2, { name: 'Brand refresh', current_status_update: null, current_status: { color: 'green', text: 'All good', title: 'Update' } }),
        ], 'eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9', `/workspaces/${WORKSPACE}/projects`)];
      })
      .get(`${API}/workspaces/${WORKSPACE}/projects`)
      .query((q) => q.offset === 'eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9')
      .reply((uri) => {
        seen(uri);
        return [200, listPage([asanaProject(P3, { name: 'Old retainer', archived: true, completed: true })], null)];
      });
    nock(ASANA_BASE)
      .get(`${API}/projects/${P1}/task_counts`).query({ opt_fields: 'num_tasks,num_completed_tasks' }).reply(200, { data: { num_tasks: 8, num_completed_tasks: 3 } })
      .get(`${API}/projects/${P2}/task_counts`).query(true).reply(200, { data: { num_tasks: 0, num_completed_tasks: 0 } });

    const result = await runPull(app, await connectionId(), 'Project', 'backfill');
    expect(await getSyncRun(app.store.db, result.runId!)).toMatchObject({ status: 'succeeded', added: 3 });
    expect(queries[0]).toEqual({ limit: '100', opt_fields: PROJECT_FIELDS });
    expect(queries[1]).toMatchObject({ limit: '100', offset: 'eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9', opt_fields: PROJECT_FIELDS });
    expect(await record('Project', P1)).toMatchObject({ name: 'Website rebuild', ownerName: 'Greg Sanchez', dueDate: '2019-09-15', percentComplete: 38, statusColor: 'yellow', statusText: 'Waiting on copy from the client', archived: false });
    expect(await record('Project', P2)).toMatchObject({ percentComplete: null, statusColor: 'green', statusText: 'All good' });
    // Archived: no task-count request (nock would refuse one); done means 100 %.
    expect(await record('Project', P3)).toMatchObject({ archived: true, percentComplete: 100 });
    expect(nock.isDone()).toBe(true);

    // The next listing no longer has P2: a project listing is complete, so P2 is marked deleted.
    // No task of P1 changed: its counts are kept from the cursor, without a request.
    nock(ASANA_BASE).get(`${API}/workspaces/${WORKSPACE}/projects`).query(true).reply(200, listPage([asanaProject(P1), asanaProject(P3, { archived: true })]));
    await runPull(app, await connectionId(), 'Project', 'incremental');
    expect(nock.isDone()).toBe(true);
    expect(await record('Project', P2)).toMatchObject({ deleted: true });
    expect(await record('Project', P1)).toMatchObject({ deleted: false, percentComplete: 38 });

    // Once the task pull saw P1's tasks change, its counts are read again (refused now: unknown).
    touchProjects(await buildConnectorContext(app, (await findConnection(app.store.db, await connectionId()))!), [P1]);
    nock(ASANA_BASE).get(`${API}/workspaces/${WORKSPACE}/projects`).query(true).reply(200, listPage([asanaProject(P1), asanaProject(P3, { archived: true })]));
    nock(ASANA_BASE).get(`${API}/projects/${P1}/task_counts`).query(true).reply(403, { errors: [{ message: 'Forbidden' }] });
    await runPull(app, await connectionId(), 'Project', 'incremental');
    expect(nock.isDone()).toBe(true);
    expect(await record('Project', P1)).toMatchObject({ deleted: false, percentComplete: null });
  });

  it('backfills every project\'s tasks page by page, taking each project\'s sync token before listing it, and maps phase, milestone and visibility', async () => {
    const order: string[] = [];
    projectSummaries([{ gid: P1, archived: false }, { gid: P2, archived: true }]);
    const events = nock(ASANA_BASE).get(`${API}/events`);
    events.query((q) => q.resource === P1 && q.sync === undefined).reply(() => { order.push(`token ${P1}`); return [412, syncTokenExpired('tok-p1-a')]; });
    nock(ASANA_BASE).get(`${API}/events`).query((q) => q.resource === P2 && q.sync === undefined).reply(() => { order.push(`token ${P2}`); return [412, syncTokenExpired('tok-p2-a')]; });
    const taskQueries: Record<string, string>[] = [];
    nock(ASANA_BASE)
      .get(`${API}/tasks`).query((q) => q.project === P1 && !q.offset && (taskQueries.push(q as Record<string, string>), true))
      .reply(() => {
        order.push(`list ${P1} page 1`);
        return [200, listPage([
          asanaTask('1301', P1, { name: 'Kick-off', resource_subtype: 'milestone', completed: true, completed_at: '2026-10-01T09:00:00.000Z', tags: [] , custom_fields: [] }),
          asanaTask('1302', P1, { name: 'Wireframes', tags: [{ gid: '59746', name: 'client' }], due_on: null, due_at: '2026-11-20T16:00:00.000Z' }),
        ], 'page-2-offset')];
      })
      .get(`${API}/tasks`).query((q) => q.project === P1 && q.offset === 'page-2-offset')
      .reply(() => {
        order.push(`list ${P1} page 2`);
        return [200, listPage([
          asanaTask('1303', P1, { name: 'Internal QA', tags: [{ gid: '59746', name: 'Grade A' }], memberships: [{ project: { gid: P1 }, section: { gid: '77', name: 'Build' } }] }),
          asanaTask('1304', P1, { name: 'Content sign-off', custom_fields: [{ gid: '88', name: 'Show client', resource_subtype: 'enum', enum_value: { name: 'Yes' } }] }),
        ])];
      })
      .get(`${API}/tasks`).query((q) => q.project === P2).reply(() => { order.push(`list ${P2}`); return [200, listPage([asanaTask('1401', P2)])]; });

    const result = await runPull(app, await connectionId(), 'Task', 'backfill');
    expect(await getSyncRun(app.store.db, result.runId!)).toMatchObject({ status: 'succeeded', added: 5 });
    expect(order).toEqual([`token ${P1}`, `list ${P1} page 1`, `list ${P1} page 2`, `token ${P2}`, `list ${P2}`]);
    expect(taskQueries[0]).toEqual({ project: P1, limit: '100', opt_fields: TASK_FIELDS });
    expect(await record('Task', '1301')).toEqual({ projectExternalId: P1, name: 'Kick-off', isMilestone: true, phase: 'Discovery', assigneeName: 'Greg Sanchez', dueDate: '2019-09-15', completed: true, completedAt: '2026-10-01T09:00:00.000Z', clientVisible: true, assigneeEmail: null, forClient: false, approvalStatus: null, deleted: false });
    expect(await record('Task', '1302')).toMatchObject({ isMilestone: false, dueDate: '2026-11-20', completed: false, completedAt: null, clientVisible: true });
    expect(await record('Task', '1303')).toMatchObject({ phase: 'Build', clientVisible: false });
    expect(await record('Task', '1304')).toMatchObject({ clientVisible: true });
    const saved = await cursor('Task');
    expect(saved.projects).toEqual({ [P1]: { sync: 'tok-p1-a', syncedAt: expect.any(Number) }, [P2]: { sync: 'tok-p2-a', syncedAt: expect.any(Number) } });
    expect(saved.fullPassAt).toEqual(expect.any(Number));
  });

  it('reads each live project\'s events from its token (has_more followed): changed tasks fetched, deleted ones tombstoned; the daily full pass sweeps', async () => {
    projectSummaries([{ gid: P1, archived: false }]);
    nock(ASANA_BASE).get(`${API}/events`).query({ resource: P1 }).reply(412, syncTokenExpired('tok-1'));
    nock(ASANA_BASE).get(`${API}/tasks`).query((q) => q.project === P1).reply(200, listPage([asanaTask('1301', P1), asanaTask('1302', P1)]));
    await runPull(app, await connectionId(), 'Task', 'backfill');

    projectSummaries([{ gid: P1, archived: false }, { gid: P2, archived: true }]);
    nock(ASANA_BASE)
      .get(`${API}/events`).query({ resource: P1, sync: 'tok-1' })
      .reply(200, eventsPage([
        asanaEvent({ gid: '1301', resource_type: 'task' }, 'changed', '2026-11-23T10:00:00.000Z', null),
        asanaEvent({ gid: '1305', resource_type: 'task' }, 'added', '2026-11-23T10:00:01.000Z', { gid: P1, resource_type: 'project' }),
        asanaEvent({ gid: '1302', resource_type: 'task' }, 'deleted', '2026-11-23T10:00:02.000Z', null),
        asanaEvent({ gid: '9001', resource_type: 'story' }, 'added', '2026-11-23T10:00:03.000Z', { gid: '1301', resource_type: 'task' }),
      ], 'tok-2', true))
      .get(`${API}/events`).query({ resource: P1, sync: 'tok-2' })
      .reply(200, eventsPage([asanaEvent({ gid: '1301', resource_type: 'task' }, 'changed', '2026-11-23T10:05:00.000Z', null)], 'tok-3', false));
    nock(ASANA_BASE)
      .get(`${API}/tasks/1301`).query({ opt_fields: TASK_FIELDS }).times(2).reply(200, { data: asanaTask('1301', P1, { name: 'Kick-off (moved)', modified_at: '2026-11-23T10:05:00.000Z' }) })
      .get(`${API}/tasks/1305`).query(true).reply(200, { data: asanaTask('1305', P1, { name: 'New task', modified_at: '2026-11-23T10:00:01.000Z' }) });

    const result = await runPull(app, await connectionId(), 'Task', 'incremental');
    expect(await getSyncRun(app.store.db, result.runId!)).toMatchObject({ status: 'succeeded', added: 1, updated: 1, deleted: 1 });
    expect(await record('Task', '1301')).toMatchObject({ name: 'Kick-off (moved)', deleted: false });
    expect(await record('Task', '1305')).toMatchObject({ name: 'New task' });
    expect(await record('Task', '1302')).toMatchObject({ deleted: true });
    // The archived project is not read (nock would refuse its events call) and gets no token.
    expect((await cursor('Task')).projects).toEqual({ [P1]: { sync: 'tok-3', syncedAt: expect.any(Number) } });
    expect(nock.isDone()).toBe(true);

    // A day later the full pass lists everything again: what it does not list is gone.
    const stale = { ...(await cursor('Task')), fullPassAt: Date.now() - 25 * 3600_000 };
    await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = 'Task'`, JSON.stringify(stale));
    projectSummaries([{ gid: P1, archived: false }]);
    nock(ASANA_BASE).get(`${API}/events`).query({ resource: P1 }).reply(412, syncTokenExpired('tok-full'));
    nock(ASANA_BASE).get(`${API}/tasks`).query((q) => q.project === P1).reply(200, listPage([asanaTask('1301', P1, { name: 'Kick-off (moved)', modified_at: '2026-11-23T10:05:00.000Z' })]));
    await runPull(app, await connectionId(), 'Task', 'incremental');
    expect(await record('Task', '1305')).toMatchObject({ deleted: true });
    expect(await record('Task', '1301')).toMatchObject({ deleted: false });
    expect((await cursor('Task')).projects[P1]!.sync).toBe('tok-full');
  });

  it('a stale token (412) brings a fresh one, and the project is caught up with modified_since from its last good read', async () => {
    projectSummaries([{ gid: P1, archived: false }]);
    nock(ASANA_BASE).get(`${API}/events`).query({ resource: P1 }).reply(412, syncTokenExpired('tok-old'));
    nock(ASANA_BASE).get(`${API}/tasks`).query((q) => q.project === P1).reply(200, listPage([asanaTask('1301', P1)]));
    await runPull(app, await connectionId(), 'Task', 'backfill');
    const before = (await cursor('Task')).projects[P1]!;

    projectSummaries([{ gid: P1, archived: false }]);
    nock(ASANA_BASE).get(`${API}/events`).query({ resource: P1, sync: 'tok-old' }).reply(412, syncTokenExpired('tok-fresh'));
    const since: string[] = [];
    nock(ASANA_BASE)
      .get(`${API}/tasks`)
      .query((q) => q.project === P1 && typeof q.modified_since === 'string' && (since.push(q.modified_since), true))
      .reply(200, listPage([asanaTask('1301', P1, { name: 'Renamed while the token was stale' }), asanaTask('1306', P1)]));
    await runPull(app, await connectionId(), 'Task', 'incremental');
    // Two minutes (CLIENTHUB_SYNC_OVERLAP_SECONDS) before the last good read.
    expect(since).toEqual([new Date(before.syncedAt - 120_000).toISOString()]);
    expect(await record('Task', '1301')).toMatchObject({ name: 'Renamed while the token was stale' });
    expect(await record('Task', '1306')).toMatchObject({ deleted: false });
    expect((await cursor('Task')).projects[P1]!.sync).toBe('tok-fresh');
  });

  it('lists changed tasks with modified_since instead of one read each when a batch names many', async () => {
    projectSummaries([{ gid: P1, archived: false }]);
    nock(ASANA_BASE).get(`${API}/events`).query({ resource: P1 }).reply(412, syncTokenExpired('tok-1'));
    nock(ASANA_BASE).get(`${API}/tasks`).query((q) => q.project === P1).reply(200, listPage([]));
    await runPull(app, await connectionId(), 'Task', 'backfill');

    const gids = Array.from({ length: 25 }, (_, i) => String(1500 + i));
    projectSummaries([{ gid: P1, archived: false }]);
    nock(ASANA_BASE).get(`${API}/events`).query({ resource: P1, sync: 'tok-1' })
      .reply(200, eventsPage(gids.map((gid, i) => asanaEvent({ gid, resource_type: 'task' }, 'added', `2026-11-23T11:00:${String(i).padStart(2, '0')}.000Z`, { gid: P1, resource_type: 'project' })), 'tok-2'));
    nock(ASANA_BASE).get(`${API}/tasks`).query((q) => q.project === P1 && q.modified_since === '2026-11-23T10:58:00.000Z')
      .reply(200, listPage(gids.slice(0, 24).map((gid) => asanaTask(gid, P1))));
    // The one the listing did not return (moved to another project meanwhile) is read on its own.
    nock(ASANA_BASE).get(`${API}/tasks/${gids[24]}`).query(true).reply(200, { data: asanaTask(gids[24]!, P2) });
    await runPull(app, await connectionId(), 'Task', 'incremental');
    expect(await sqlValue<number>(app, `SELECT COUNT(*) AS n FROM records WHERE object_type = 'Task' AND deleted = 0`)).toBe(25);
    expect(await record('Task', gids[24]!)).toMatchObject({ projectExternalId: P2 });
  });

  it('fetches by id: a 404 is a deletion, a task in no project any more is not kept, a project comes with its counts', async () => {
    nock(ASANA_BASE)
      .get(`${API}/tasks/1301`).query(true).reply(200, { data: asanaTask('1301', P1) })
      .get(`${API}/tasks/1302`).query(true).reply(200, { data: asanaTask('1302', P1) });
    await fetchAndApply(app, await connectionId(), 'Task', ['1301', '1302']);
    nock(ASANA_BASE)
      .get(`${API}/tasks/1301`).query(true).reply(404, { errors: [{ message: 'task: Unknown object: 1301', help: 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors' }] })
      .get(`${API}/tasks/1302`).query(true).reply(200, { data: asanaTask('1302', P1, { memberships: [], projects: [] }) });
    await fetchAndApply(app, await connectionId(), 'Task', ['1301', '1302']);
    expect(await record('Task', '1301')).toMatchObject({ deleted: true, name: 'Task 1301' });
    expect(await record('Task', '1302')).toMatchObject({ deleted: true });

    nock(ASANA_BASE)
      .get(`${API}/projects/${P1}`).query({ opt_fields: PROJECT_FIELDS }).reply(200, { data: asanaProject(P1) })
      .get(`${API}/projects/${P1}/task_counts`).query(true).reply(200, { data: { num_tasks: 4, num_completed_tasks: 4 } });
    await fetchAndApply(app, await connectionId(), 'Project', [P1]);
    expect(await record('Project', P1)).toMatchObject({ percentComplete: 100, statusText: 'Status Update - Jun 15' });
    await expect(fetchAndApply(app, await connectionId(), 'Task', ['../1301'])).rejects.toThrow('Not an Asana gid');
  });

  it('honours Retry-After on 429: a short wait in place, a long one reschedules the job', async () => {
    nock(ASANA_BASE)
      .get(`${API}/tasks/1301`).query(true).reply(429, { errors: [{ message: 'You have made too many requests recently. Please, be chill.' }] }, { 'Retry-After': '7' })
      .get(`${API}/tasks/1301`).query(true).reply(200, { data: asanaTask('1301', P1) });
    await fetchAndApply(app, await connectionId(), 'Task', ['1301']);
    expect(waits).toContain(7_000);
    expect(await record('Task', '1301')).toMatchObject({ deleted: false });

    nock(ASANA_BASE).get(`${API}/tasks/1302`).query(true).reply(429, { errors: [{ message: 'You have made too many requests recently. Please, be chill.' }] }, { 'Retry-After': '90' });
    const limited = await fetchAndApply(app, await connectionId(), 'Task', ['1302']).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(90_000);
    expect((limited as RateLimitError).message).toContain('Asana 429: You have made too many requests recently');
  });
});
