import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { ApiClient, EventsApi, ProjectsApi, SectionsApi, StatusUpdatesApi, TasksApi, WebhooksApi } from 'asana';
import { AsanaEmulatorStore } from './asana-emulator-store.js';
import { startAsanaEmulator, type AsanaEmulator } from './start-asana-emulator.js';
import type { AsanaDemoSeed } from './seed-asana-demo.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Page {
  data: Row[];
  _response: { next_page?: { offset: string; path: string; uri: string } | null; sync?: string; has_more?: boolean };
  nextPage(): Promise<Page | { data: null }>;
}
interface SdkError {
  status: number;
  response: { body: Row; headers: Record<string, string> };
}

describe('Asana emulator driven by the asana SDK', () => {
  let emulator: AsanaEmulator;
  let seed: AsanaDemoSeed;
  let client: ApiClient;
  beforeEach(async () => {
    const store = new AsanaEmulatorStore();
    seed = store.seedDemo();
    emulator = await startAsanaEmulator({ store });
    client = new ApiClient();
    client.basePath = emulator.apiBase;
    (client.authentications as Record<string, { accessToken?: string }>).token!.accessToken = 'pat-emulator';
  });
  afterEach(() => emulator.close());

  it('lists a workspace’s projects compactly, pages with limit/offset and next_page, and honours archived and opt_fields', async () => {
    const projects = new ProjectsApi(client);
    const first = (await projects.getProjectsForWorkspace(seed.workspaceGid, { limit: 2 })) as Page;
    expect(first.data).toEqual([
      { gid: seed.projectGids['Northwind Traders'], resource_type: 'project', name: 'Northwind Traders: Website rebuild' },
      { gid: seed.projectGids['Acme Robotics'], resource_type: 'project', name: 'Acme Robotics: Brand refresh' },
    ]);
    expect(first._response.next_page).toMatchObject({ offset: expect.any(String), path: expect.stringMatching(/^\/workspaces\/\d+\/projects\?limit=2&offset=/), uri: expect.stringContaining('/api/1.0/workspaces/') });
    const second = (await first.nextPage()) as Page;
    const third = (await second.nextPage()) as Page;
    expect([...second.data, ...third.data].map((project) => project.name)).toEqual(['Globex Consulting: Quarterly retainer', 'Agency operations', 'Initrode: Intranet refresh (2025)', 'Brand workshop']);
    expect(third._response.next_page).toBeNull();
    const live = (await projects.getProjectsForWorkspace(seed.workspaceGid, { archived: false, opt_fields: 'name,archived,current_status_update.title,current_status_update.status_type,custom_fields.display_value,team.name' })) as Page;
    expect(live.data).toHaveLength(5);
    expect(live.data[1]).toEqual({
      gid: seed.projectGids['Acme Robotics'],
      resource_type: 'project',
      name: 'Acme Robotics: Brand refresh',
      archived: false,
      current_status_update: { gid: expect.any(String), resource_type: 'status_update', title: 'Waiting on brand audit feedback', status_type: 'at_risk' },
      custom_fields: [{ gid: seed.clientFieldGid, resource_type: 'custom_field', display_value: 'acme-robotics.example' }],
      team: { gid: expect.any(String), resource_type: 'team', name: 'Client delivery' },
    });
    const project = (await projects.getProject(seed.projectGids['Northwind Traders']!, {})) as { data: Row };
    expect(project.data).toMatchObject({ resource_type: 'project', archived: false, owner: { resource_type: 'user', name: 'Alex Owner' }, workspace: { gid: seed.workspaceGid }, current_status_update: { resource_type: 'status_update', resource_subtype: 'project_status_update' } });
    const update = (await new StatusUpdatesApi(client).getStatus(project.data.current_status_update.gid, {})) as { data: Row };
    expect(update.data).toMatchObject({ title: 'Design under way', status_type: 'on_track', parent: { gid: project.data.gid } });
    const bad = (await projects.getProjectsForWorkspace(seed.workspaceGid, { limit: 500 }).catch((error: unknown) => error)) as SdkError;
    expect(bad.status).toBe(400);
    expect(bad.response.body.errors[0].message).toMatch(/^limit:/);
  });

  it('lists phases and tasks with milestones, memberships, tags and the client-visible field; filters modified_since', async () => {
    const northwind = seed.projectGids['Northwind Traders']!;
    const sections = (await new SectionsApi(client).getSectionsForProject(northwind, {})) as Page;
    expect(sections.data.map((section) => section.name)).toEqual(['Discovery', 'Design', 'Build', 'Launch']);
    const tasksApi = new TasksApi(client);
    const fields = 'name,resource_subtype,completed,due_on,memberships.section.name,tags.name,custom_fields.name,custom_fields.display_value,assignee.email,parent.name';
    const tasks = (await tasksApi.getTasksForProject(northwind, { opt_fields: fields, limit: 100 })) as Page;
    expect(tasks.data.map((task) => task.name)).toEqual(['Stakeholder interviews', 'Discovery sign-off', 'Set up analytics sandbox', 'Homepage concepts', 'Internal design critique', 'Design approved', 'CMS content model', 'Load testing', 'Go live', 'Sign off the homepage design', 'Client conversation']);
    const signOff = tasks.data[1]!;
    expect(signOff).toMatchObject({ resource_subtype: 'milestone', completed: true, memberships: [{ section: { name: 'Discovery' } }], tags: [{ name: 'client-visible' }], custom_fields: [{ name: 'Client visible', display_value: 'Yes' }], assignee: { email: 'alex.owner@brightside.example' } });
    expect(tasks.data[2]).toMatchObject({ tags: [], custom_fields: [{ display_value: 'No' }] });
    const incomplete = (await tasksApi.getTasksForProject(northwind, { completed_since: 'now' })) as Page;
    expect(incomplete.data).toHaveLength(8);
    const subtasks = (await tasksApi.getSubtasksForTask(seed.taskGids['Homepage concepts']!, { opt_fields: 'name,parent.name' })) as Page;
    expect(subtasks.data).toEqual([expect.objectContaining({ name: 'Moodboard', parent: { gid: seed.taskGids['Homepage concepts'], resource_type: 'task', name: 'Homepage concepts' } }), expect.objectContaining({ name: 'Two layout directions' })]);

    const since = new Date(Date.now() - 1000).toISOString();
    expect(((await tasksApi.getTasks({ project: northwind, modified_since: since })) as Page).data).toEqual([]);
    emulator.store.completeTask(seed.taskGids['Homepage concepts']!);
    const changed = (await tasksApi.getTasks({ project: northwind, modified_since: since, opt_fields: 'name,completed,modified_at' })) as Page;
    expect(changed.data).toEqual([{ gid: seed.taskGids['Homepage concepts'], resource_type: 'task', name: 'Homepage concepts', completed: true, modified_at: expect.any(String) }]);
    const task = (await tasksApi.getTask(seed.taskGids['Go live']!, {})) as { data: Row };
    expect(task.data).toMatchObject({ resource_type: 'task', resource_subtype: 'milestone', projects: [{ gid: northwind, name: 'Northwind Traders: Website rebuild' }], workspace: { gid: seed.workspaceGid }, permalink_url: expect.stringContaining(`/task/${seed.taskGids['Go live']}`) });
    const missing = (await tasksApi.getTask('1', {}).catch((error: unknown) => error)) as SdkError;
    expect(missing.status).toBe(404);
    expect(missing.response.body).toEqual({ errors: [{ message: 'Unknown object: 1', help: expect.stringContaining('developers.asana.com') }] });
  });

  it('answers /events with 412 and a fresh sync token first, then events since the token, and 412 again for an expired one', async () => {
    const events = new EventsApi(client);
    const project = seed.projectGids['Acme Robotics']!;
    const first = (await events.getEvents(project, {}).catch((error: unknown) => error)) as SdkError;
    expect(first.status).toBe(412);
    const sync = first.response.body.sync as string;
    expect(sync).toMatch(/^[0-9a-f]{32}$/);
    const quiet = (await events.getEvents(project, { sync })) as Page;
    expect(quiet.data).toEqual([]);
    emulator.store.completeTask(seed.taskGids['Logo concepts']!);
    emulator.store.updateTask(seed.taskGids['Guidelines document']!, { due_on: '2027-01-15' });
    const next = (await events.getEvents(project, { sync: quiet._response.sync })) as Page;
    expect(next.data).toEqual([
      { user: { gid: emulator.store.me.gid, resource_type: 'user', name: 'Alex Owner' }, created_at: expect.any(String), type: 'task', action: 'changed', resource: { gid: seed.taskGids['Logo concepts'], resource_type: 'task', name: 'Logo concepts', resource_subtype: 'default_task' }, parent: null, change: { field: 'completed', action: 'changed' } },
      expect.objectContaining({ action: 'changed', change: { field: 'due_on', action: 'changed' } }),
    ]);
    expect(next._response).toMatchObject({ has_more: false, sync: expect.any(String) });
    // Events of another project do not leak in.
    emulator.store.completeTask(seed.taskGids['Monthly performance report']!);
    expect(((await events.getEvents(project, { sync: next._response.sync })) as Page).data).toEqual([]);
    emulator.syncTokens.expireAll();
    const stale = (await events.getEvents(project, { sync: next._response.sync }).catch((error: unknown) => error)) as SdkError;
    expect(stale.status).toBe(412);
    expect(stale.response.body.sync).not.toBe(next._response.sync);
  });

  it('creates a webhook only after the target echoes X-Hook-Secret, then delivers signed events; lists and deletes it', async () => {
    const received: { secret?: string; signature?: string; body: string }[] = [];
    let echo = true;
    const target: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ secret: req.headers['x-hook-secret'] as string | undefined, signature: req.headers['x-hook-signature'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') });
        if (req.headers['x-hook-secret'] && echo) res.setHeader('X-Hook-Secret', req.headers['x-hook-secret']);
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hooks/asana`;
    try {
      const api = new WebhooksApi(client);
      echo = false;
      const refused = (await api.createWebhook({ data: { resource: seed.projectGids['Globex Consulting'], target: url } }, {}).catch((error: unknown) => error)) as SdkError;
      expect(refused.status).toBe(400);
      expect(refused.response.body.errors[0].message).toBe('The remote server did not respond with the handshake secret.');
      echo = true;
      const created = (await api.createWebhook({ data: { resource: seed.projectGids['Globex Consulting'], target: url, filters: [{ resource_type: 'task' }] } }, {})) as { data: Row };
      expect(created.data).toMatchObject({ resource_type: 'webhook', active: true, target: url, resource: { gid: seed.projectGids['Globex Consulting'], resource_type: 'project' } });
      const secret = received[1]!.secret!;
      expect(secret).toMatch(/^[0-9a-f]{64}$/);

      emulator.store.completeTask(seed.taskGids['Landing page A/B test']!);
      emulator.store.addStatusUpdate(seed.projectGids['Globex Consulting']!, { title: 'Retainer update', text: 'A/B test done.', statusType: 'on_track' });
      expect(await emulator.webhooks.deliverPending()).toEqual([{ webhookGid: created.data.gid, status: 200, events: 1 }]);
      const delivery = received.at(-1)!;
      expect(delivery.signature).toBe(createHmac('sha256', secret).update(delivery.body).digest('hex'));
      expect(JSON.parse(delivery.body)).toEqual({ events: [expect.objectContaining({ action: 'changed', resource: expect.objectContaining({ gid: seed.taskGids['Landing page A/B test'] }), change: { field: 'completed', action: 'changed' } })] });
      expect(await emulator.webhooks.deliverPending()).toEqual([]);

      const listed = (await api.getWebhooks(seed.workspaceGid, { resource: seed.projectGids['Globex Consulting'] })) as Page;
      expect(listed.data).toEqual([{ gid: created.data.gid, resource_type: 'webhook', active: true, resource: expect.any(Object), target: url }]);
      await api.deleteWebhook(created.data.gid);
      expect(((await api.getWebhooks(seed.workspaceGid, {})) as Page).data).toEqual([]);
    } finally {
      target.close();
    }
  });

  it('refuses unknown tokens, throttles with Retry-After, and runs the OAuth code and refresh grants', async () => {
    const strict = await startAsanaEmulator({ store: emulator.store, acceptedTokens: ['pat-ok'], oauth: { clientId: 'asana-client', clientSecret: 'asana-secret' } });
    try {
      client.basePath = strict.apiBase;
      const refused = (await new TasksApi(client).getTask(seed.taskGids['Go live']!, {}).catch((error: unknown) => error)) as SdkError;
      expect(refused.status).toBe(401);
      expect(refused.response.body.errors[0].message).toBe('Not Authorized');
      const authorize = new URL(`${strict.url}/-/oauth_authorize`);
      Object.entries({ client_id: 'asana-client', redirect_uri: 'http://hub.test/oauth/asana/callback', response_type: 'code', state: 'st' }).forEach(([k, v]) => authorize.searchParams.set(k, v));
      const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
      const token = (params: Record<string, string>) => fetch(`${strict.url}/-/oauth_token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'asana-client', client_secret: 'asana-secret', ...params }) });
      const exchanged = (await (await token({ grant_type: 'authorization_code', code, redirect_uri: 'http://hub.test/oauth/asana/callback' })).json()) as Row;
      expect(exchanged).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token: expect.any(String), data: { gid: emulator.store.me.gid, email: 'alex.owner@brightside.example' } });
      const refreshed = (await (await token({ grant_type: 'refresh_token', refresh_token: exchanged.refresh_token })).json()) as Row;
      expect(refreshed).not.toHaveProperty('refresh_token');
      // Asana keeps the refresh token: it works again.
      expect((await token({ grant_type: 'refresh_token', refresh_token: exchanged.refresh_token })).status).toBe(200);
      (client.authentications as Record<string, { accessToken?: string }>).token!.accessToken = refreshed.access_token;
      expect(((await new TasksApi(client).getTask(seed.taskGids['Go live']!, { opt_fields: 'name' })) as { data: Row }).data.name).toBe('Go live');
      strict.throttleNext(1, 17);
      const limited = (await new TasksApi(client).getTask(seed.taskGids['Go live']!, {}).catch((error: unknown) => error)) as SdkError;
      expect(limited.status).toBe(429);
      expect(limited.response.headers['retry-after']).toBe('17');
    } finally {
      await strict.close();
    }
  });
});
