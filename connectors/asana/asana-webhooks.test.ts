import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { startServer } from '../../src/server/start-server.js';
import { maintainWebhooks } from '../../src/sync/maintain-webhooks.js';
import { API, ASANA_BASE, WORKSPACE, asanaEvent, asanaTask, listPage } from './testing/asana-payloads.js';
import { sqlAll, sqlGet, sqlValue } from '../../tests/support/sql.js';

const P1 = '1202000000000001';
const HOOK_SECRET = 'b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81';

describe('Asana connector: webhooks end to end (handshake, signatures, thin events)', () => {
  let app: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ASANA_ACCESS_TOKEN: 'asana-pat-1', ASANA_WORKSPACE_GID: WORKSPACE, ASANA_BASE_URL: ASANA_BASE });
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
  });
  afterEach(async () => {
    await server.close();
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
  /** Asana calls the registered target: here PUBLIC_URL (http://hub.test) is this test's server. */
  const local = (target: string) => target.replace('http://hub.test', server.url);
  const post = (url: string, body: string, headers: Record<string, string>) => fetch(local(url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const sign = (body: string | Buffer, secret = HOOK_SECRET) => createHmac('sha256', secret).update(body).digest('hex');

  /** Registers P1's webhook the way the scheduler's job does; Asana's handshake reaches the hub while the create call waits. */
  async function registerWebhook(): Promise<string> {
    let target = '';
    const handshakes: { status: number; echoed: string | null }[] = [];
    nock(ASANA_BASE).get(`${API}/workspaces/${WORKSPACE}/projects`).query(true).reply(200, listPage([{ gid: P1, archived: false }]));
    nock(ASANA_BASE).get(`${API}/webhooks`).query((q) => q.workspace === WORKSPACE).reply(200, listPage([]));
    nock(ASANA_BASE)
      .post(`${API}/webhooks`, (body: { data: { resource: string; target: string; filters: unknown[] } }) => body.data.resource === P1 && body.data.filters.length > 0)
      .query(true)
      .reply(async (_uri, body) => {
        target = (body as { data: { target: string } }).data.target;
        const answer = await post(target, '', { 'x-hook-secret': HOOK_SECRET });
        handshakes.push({ status: answer.status, echoed: answer.headers.get('x-hook-secret') });
        if (answer.status !== 200 || answer.headers.get('x-hook-secret') !== HOOK_SECRET) return [400, { errors: [{ message: 'The remote server did not respond with the handshake secret.' }] }];
        return [201, { data: { gid: '1209000000000001', resource_type: 'webhook', active: false, resource: { gid: P1, resource_type: 'project', name: 'Website rebuild' }, target, filters: [] }, X_Hook_Secret: HOOK_SECRET }];
      });
    const report = await maintainWebhooks(app, await connectionId());
    expect(handshakes).toEqual([{ status: 200, echoed: HOOK_SECRET }]);
    expect(report).toEqual({ created: 1, recreated: 0, removed: 0, kept: 0 });
    return target;
  }

  it('completes the X-Hook-Secret handshake, keeps the secret sealed, and fetches the tasks a signed delivery names', async () => {
    const target = await registerWebhook();
    expect(target).toMatch(new RegExp(`^http://hub\\.test/webhooks/asana\\?hook=${await connectionId()}-${P1}-[0-9a-f]{16}$`));
    const row = (await sqlGet(app, 'SELECT connection_id, secret_sealed, remote_id, handshake_expected_until FROM webhook_secrets'))!;
    expect(row).toMatchObject({ connection_id: await connectionId(), remote_id: '1209000000000001', handshake_expected_until: null });
    expect(String(row.secret_sealed)).toMatch(/^v1:/);
    expect(String(row.secret_sealed)).not.toContain(HOOK_SECRET);
    // The secret is a credential: it is not kept with the recorded delivery.
    const handshake = (await sqlGet<{ headers: string; reason: string }>(app, `SELECT headers, reason FROM webhook_deliveries WHERE provider = 'asana'`))!;
    expect(handshake.reason).toMatch(/^handshake: secret stored for hook /);
    expect(handshake.headers).not.toContain(HOOK_SECRET);

    const { events: [sampleEvent] } = JSON.parse(readFileSync(new URL('./testing/samples/webhook_events.json', import.meta.url), 'utf8')) as { events: Record<string, unknown>[] };
    const body = JSON.stringify({
      events: [
        { ...sampleEvent, resource: { gid: '1301', resource_type: 'task', name: 'Wireframes' }, parent: null, created_at: '2026-11-23T10:00:00.000Z' },
        asanaEvent({ gid: '1302', resource_type: 'task' }, 'deleted', '2026-11-23T10:00:01.000Z'),
        asanaEvent({ gid: '9001', resource_type: 'story' }, 'added', '2026-11-23T10:00:02.000Z', { gid: '1301', resource_type: 'task' }),
      ],
    });
    nock(ASANA_BASE).get(`${API}/tasks/1301`).query(true).reply(200, { data: asanaTask('1301', P1, { name: 'Wireframes', tags: [{ gid: '1', name: 'client-visible' }] }) });
    const delivered = await post(target, body, { 'x-hook-signature': sign(body) });
    expect(delivered.status).toBe(200);
    // The comment story on 1301 counts as a change of 1301 (its conversation may need reading); fetched once with the task's own event.
    expect(await delivered.json()).toEqual({ received: 3, duplicates: 0 });
    await app.jobs.drain();
    const tasks = await sqlAll<{ external_id: string; data: string; connection_id: number }>(app, `SELECT external_id, data, connection_id FROM records WHERE kind = 'task'`);
    expect(tasks.map(({ data, ...row }) => ({ ...row, name: (JSON.parse(data) as { name?: string }).name, visible: (JSON.parse(data) as { clientVisible?: boolean }).clientVisible }))).toEqual([
      { external_id: '1301', name: 'Wireframes', visible: true, connection_id: await connectionId() },
    ]);
    // The same delivery again (Asana retries when unsure) is only duplicates.
    const again = await post(target, body, { 'x-hook-signature': sign(body) });
    expect(await again.json()).toEqual({ received: 3, duplicates: 3 });
  });

  it('refuses bad signatures, signatures over a re-serialised body and unknown hooks; accepts heartbeats', async () => {
    const target = await registerWebhook();
    const body = JSON.stringify({ events: [asanaEvent({ gid: '1301', resource_type: 'task' }, 'changed', '2026-11-23T10:00:00.000Z')] }, null, 1);
    expect((await post(target, body, { 'x-hook-signature': sign(body, 'not-the-secret') })).status).toBe(401);
    // The same JSON, serialised differently: a signature must be over the bytes received.
    const reserialised = JSON.stringify(JSON.parse(body) as unknown);
    expect(reserialised).not.toBe(body);
    expect((await post(target, body, { 'x-hook-signature': sign(reserialised) })).status).toBe(401);
    expect((await post(target, body, {})).status).toBe(401);
    const otherHook = target.replace(/-[0-9a-f]{16}$/, '-0123456789abcdef');
    expect((await post(otherHook, body, { 'x-hook-signature': sign(body) })).status).toBe(401);

    const heartbeat = '{"events":[]}';
    const beat = await post(target, heartbeat, { 'x-hook-signature': sign(heartbeat) });
    expect(beat.status).toBe(200);
    expect(await beat.json()).toEqual({ received: 0, duplicates: 0 });
    const id = await connectionId();
    expect(await sqlAll(app, `SELECT status, reason, connection_id FROM webhook_deliveries WHERE provider = 'asana' ORDER BY id`)).toEqual([
      { status: 'accepted', reason: expect.stringMatching(/^handshake/), connection_id: id },
      { status: 'rejected', reason: 'signature does not match (X-Hook-Signature)', connection_id: null },
      { status: 'rejected', reason: 'signature does not match (X-Hook-Signature)', connection_id: null },
      { status: 'rejected', reason: 'missing X-Hook-Signature header', connection_id: null },
      { status: 'rejected', reason: expect.stringMatching(/^no secret is stored for hook/), connection_id: null },
      { status: 'accepted', reason: 'no events for the hub (probe, heartbeat or untracked objects)', connection_id: id },
    ]);
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM jobs WHERE name = ?', 'webhook.process')).toEqual({ n: 0 });
  });

  it('refuses a handshake the hub is not expecting, so nobody can plant or replace a hook secret', async () => {
    const target = await registerWebhook();
    const planted = await post(target, '', { 'x-hook-secret': 'attacker-secret' });
    expect(planted.status).toBe(401);
    expect(planted.headers.get('x-hook-secret')).toBeNull();
    const stranger = await post(`http://hub.test/webhooks/asana?hook=${await connectionId()}-${P1}-aaaaaaaaaaaaaaaa`, '', { 'x-hook-secret': 'attacker-secret' });
    expect(stranger.status).toBe(401);
    expect((await post('http://hub.test/webhooks/asana', '', { 'x-hook-secret': 'attacker-secret' })).status).toBe(400);
    // The real secret still verifies; the planted one does not.
    const body = '{"events":[]}';
    expect((await post(target, body, { 'x-hook-signature': sign(body) })).status).toBe(200);
    expect((await post(target, body, { 'x-hook-signature': sign(body, 'attacker-secret') })).status).toBe(401);
  });
});
