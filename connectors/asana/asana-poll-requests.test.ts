import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, TasksApi } from 'asana';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { AsanaEmulatorStore } from './emulator/asana-emulator-store.js';
import { ASANA_LIMITS, startAsanaEmulator, type AsanaEmulator } from './emulator/start-asana-emulator.js';
import { asanaHubEnv } from './emulator/hub-env.js';
import { ASANA_FREE_BUDGETS } from './call-asana.js';
import { sqlGet, sqlValue } from '../../tests/support/sql.js';

const PROJECTS = 120;

function workspace(projects = PROJECTS): { store: AsanaEmulatorStore; projectGids: string[]; taskGids: string[] } {
  const store = new AsanaEmulatorStore({ now: () => Date.now() - 3600_000 });
  const projectGids: string[] = [];
  const taskGids: string[] = [];
  for (let p = 0; p < projects; p++) {
    const project = store.createProject({ name: `Project ${p}` });
    const section = store.createSection(project.gid, 'Build');
    projectGids.push(project.gid);
    for (let t = 0; t < 3; t++) taskGids.push(store.createTask({ name: `Task ${t}`, projectGid: project.gid, sectionGid: section.gid }).gid);
  }
  return { store, projectGids, taskGids };
}

/** Requests the emulator received since `from`, by kind. */
function requestsSince(emulator: AsanaEmulator, from: number) {
  const seen = emulator.requests.slice(from).filter((request) => request.path.startsWith('/api/1.0'));
  return {
    total: seen.length,
    taskCounts: seen.filter((request) => request.path.endsWith('/task_counts')).length,
    events: seen.filter((request) => request.path.endsWith('/events')).length,
    searches: seen.filter((request) => request.path.endsWith('/tasks/search')).length,
  };
}

describe('Asana incremental poll (asana SDK against the emulator)', () => {
  let app: TestApp | undefined;
  let emulator: AsanaEmulator | undefined;
  afterEach(async () => {
    await app?.dispose();
    await emulator?.close();
  });

  it('paid workspace: an unchanged poll costs the project listing and one search, not two requests per project', async () => {
    const { store, projectGids, taskGids } = workspace();
    emulator = await startAsanaEmulator({ store, tier: 'paid' });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator), ASANA_TIER: 'paid', CLIENTHUB_SYNC_OVERLAP_SECONDS: '0' });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    await runPull(app, connectionId, 'Project', 'backfill');
    await runPull(app, connectionId, 'Task', 'backfill');

    let mark = emulator.requests.length;
    await runPull(app, connectionId, 'Project', 'incremental');
    await runPull(app, connectionId, 'Task', 'incremental');
    // 120 projects: 2 listing pages, no task counts, no events; one search.
    expect(requestsSince(emulator, mark)).toEqual({ total: 3, taskCounts: 0, events: 0, searches: 1 });

    // One task changes: the search brings it, and only its project's counts are read again.
    store.completeTask(taskGids[7]!, Date.now());
    mark = emulator.requests.length;
    const tasks = await runPull(app, connectionId, 'Task', 'incremental');
    await runPull(app, connectionId, 'Project', 'incremental');
    expect(requestsSince(emulator, mark)).toEqual({ total: 4, taskCounts: 1, events: 0, searches: 1 });
    expect(await sqlGet(app, 'SELECT updated FROM sync_runs WHERE id = ?', tasks.runId)).toEqual({ updated: 1 });
    const project = JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE object_type = 'Project' AND external_id = ?`, projectGids[2]))!) as { percentComplete: number };
    expect(project.percentComplete).toBe(33);
  });

  it('paid setting on a free workspace: the 402 from search falls back to reading each project’s events', async () => {
    const { store } = workspace();
    emulator = await startAsanaEmulator({ store, tier: 'free' });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator), ASANA_TIER: 'paid' });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    await runPull(app, connectionId, 'Task', 'backfill');
    const result = await runPull(app, connectionId, 'Task', 'incremental');
    expect(await sqlGet(app, 'SELECT status FROM sync_runs WHERE id = ?', result.runId)).toEqual({ status: 'succeeded' });
    const seen = requestsSince(emulator, 0);
    expect(seen.searches).toBe(1);
    // No tokens were taken by the searchable full pass: each project gets one now (412) and its tasks listed.
    expect(seen.events).toBe(PROJECTS);
  });

  it('free workspace: the hub paces under 150 requests a minute (the 151st waits for the window)', async () => {
    const { store } = workspace(230);
    emulator = await startAsanaEmulator({ store, tier: 'free' });
    const waits: number[] = [];
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator) }, { sleep: async (ms) => void waits.push(ms) });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    const started = Date.now();
    await runPull(app, connectionId, 'Project', 'backfill');
    const elapsed = Date.now() - started;
    // The organisation's email domains (metadata, once), 3 listing pages + 230 task counts: the first 145 (a margin under 150) go at once, the rest wait for the minute to roll on.
    expect(emulator.requests.length).toBe(234);
    expect(ASANA_FREE_BUDGETS[0]!.limit).toBeLessThan(ASANA_LIMITS.free);
    expect(waits.length).toBe(234 - ASANA_FREE_BUDGETS[0]!.limit);
    // Each wait is the rest of the minute since the window's first request (the sleeps are instant,
    // so the run's own time — seconds on a loaded machine — is all that has passed of it).
    expect(Math.min(...waits)).toBeGreaterThan(60_000 - elapsed - 1_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(60_000);
  });
});

describe('Asana emulator: documented limits', () => {
  let emulator: AsanaEmulator | undefined;
  afterEach(async () => emulator?.close());

  it('answers the 151st request of a minute on a free workspace 429 with Retry-After, and search past 60 a minute', async () => {
    const store = new AsanaEmulatorStore();
    emulator = await startAsanaEmulator({ store, tier: 'paid', documentedLimits: true });
    const client = new ApiClient();
    client.basePath = emulator.apiBase;
    (client.authentications as Record<string, { accessToken?: string }>).token!.accessToken = 'pat-one';
    const tasks = new TasksApi(client);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      await tasks.searchTasksForWorkspace(store.workspace.gid, { 'modified_at.after': new Date(0).toISOString() }).then(
        () => statuses.push(200),
        (error: { status: number; response: { headers: Record<string, string> } }) => {
          statuses.push(error.status);
          expect(Number(error.response.headers['retry-after'])).toBeGreaterThan(0);
        },
      );
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    expect(statuses.at(-1)).toBe(429);

    const free = await startAsanaEmulator({ store, tier: 'free', documentedLimits: true });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 151; i++) answers.push((await fetch(`${free.apiBase}/users/me`, { headers: { authorization: 'Bearer pat-two' } })).status);
      expect(answers.filter((status) => status === 200)).toHaveLength(150);
      const refused = await fetch(`${free.apiBase}/users/me`, { headers: { authorization: 'Bearer pat-two' } });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
      // Limits are per token: another token is not held back.
      expect((await fetch(`${free.apiBase}/users/me`, { headers: { authorization: 'Bearer pat-three' } })).status).toBe(200);
    } finally {
      await free.close();
    }
  });
});
