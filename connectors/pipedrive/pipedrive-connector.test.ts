/**
 * The Pipedrive connector through the official SDK against the Pipedrive emulator: backfill,
 * incremental by update_time, deletions, 429s, and settings errors at start.
 */
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { sqlAll, sqlGet, sqlRun } from '../../tests/support/sql.js';
import { runPull } from '../../src/sync/run-pull.js';
import { getSyncRun } from '../../src/sync/sync-run-repository.js';
import { RateLimitError } from '../../src/sync/sync-errors.js';
import { loadConfig } from '../../src/config/load-config.js';
import { loadConnectorRegistry } from '../../src/connector-kit/registry.js';
import { applyConnectorDeclarations } from '../../src/connector-kit/apply-connector-declarations.js';
import { PipedriveEmulatorStore } from './emulator/pipedrive-emulator-store.js';
import { startPipedriveEmulator, type PipedriveEmulator } from './emulator/start-pipedrive-emulator.js';
import { pipedriveHubEnv } from './emulator/hub-env.js';
import connector from './connector.js';

const DAY = 86_400_000;

async function connectionId(app: TestApp): Promise<number> {
  return (await sqlGet(app, `SELECT id FROM connections WHERE provider = 'pipedrive'`) as { id: number }).id;
}
const count = async (app: TestApp, objectType: string, deleted = 0) =>
  (await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE object_type = ? AND deleted = ?`, objectType, deleted) as { n: number }).n;
const recordData = async (app: TestApp, objectType: string, id: number) =>
  JSON.parse((await sqlGet(app, `SELECT data FROM records WHERE object_type = ? AND external_id = ?`, objectType, String(id)) as { data: string }).data) as Record<string, unknown>;
const isDeleted = async (app: TestApp, objectType: string, id: number) =>
  (await sqlGet(app, `SELECT deleted FROM records WHERE object_type = ? AND external_id = ?`, objectType, String(id)) as { deleted: number }).deleted === 1;

describe('Pipedrive connector (pipedrive SDK against the emulator)', () => {
  let emulator: PipedriveEmulator | undefined;
  let app: TestApp | undefined;
  let store: PipedriveEmulatorStore;
  const sleep = vi.fn(async (_ms: number) => {});

  async function start(options: Parameters<typeof startPipedriveEmulator>[0] = {}, env: Record<string, string> = {}) {
    const started = await startPipedriveEmulator({ store, ...options });
    emulator = started;
    const hub = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...pipedriveHubEnv(started), ...env }, { sleep });
    app = hub;
    return { emulator: started, app: hub };
  }
  const pullAll = async (app: TestApp, mode: 'backfill' | 'incremental') => {
    for (const type of ['users', 'organizations', 'persons', 'deals']) await runPull(app, await connectionId(app), type, mode);
  };

  beforeEach(() => {
    sleep.mockClear();
    // Records changed over the last days, so "now" is after all of them.
    store = new PipedriveEmulatorStore({ now: () => Date.now() - 3 * DAY });
    store.addUser({ name: 'Alex Owner', email: 'Alex.Owner@brightside.example' });
  });
  afterEach(async () => {
    await app?.dispose();
    await emulator?.close();
    app = undefined;
    emulator = undefined;
  });

  it('backfills every object type through cursor pages of the v2 lists, with the API token in x-api-token', async () => {
    store.generate(260);
    const won = [...store.deals.values()][7]!;
    store.winDeal(won.id);
    const { app, emulator } = await start();
    await pullAll(app, 'backfill');
    // Won, but with no participant besides its own person (participants_count 1): no v1 participants call.
    expect(await recordData(app, 'deals', won.id)).toMatchObject({ isWon: true, isClosed: true, contactExternalIds: [String(won.person_id)], closeDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(emulator.requests.filter((r) => r.path.includes('/participants'))).toEqual([]);
    expect(emulator.requests.find((r) => r.path === '/v2/deals')!.query.include_fields).toBe('participants_count');
    expect([await count(app, 'users'), await count(app, 'organizations'), await count(app, 'persons'), await count(app, 'deals')]).toEqual([1, 260, 520, 260]);
    const personCalls = emulator.requests.filter((r) => r.path === '/v2/persons');
    // 600 persons at 500 a page: the second page follows the first page's next_cursor.
    expect(personCalls).toHaveLength(2);
    expect(personCalls[0]!.query).toMatchObject({ sort_by: 'update_time', sort_direction: 'asc', limit: '500', include_fields: 'marketing_status' });
    expect(personCalls[0]!.query.updated_since).toBeUndefined();
    expect(personCalls[1]!.query.cursor).toEqual(expect.any(String));
    expect(emulator.requests.every((r) => r.auth === 'api_token')).toBe(true);
    const deal = [...store.deals.values()][0]!;
    expect(await recordData(app, 'deals', deal.id)).toMatchObject({ name: 'Generated deal 0', amountMinor: 100_000, currency: 'USD', isWon: false, isClosed: false, companyExternalIds: [String(deal.org_id)], contactExternalIds: [String(deal.person_id)] });
    expect(await recordData(app, 'users', [...store.users.keys()][0]!)).toEqual({ email: 'alex.owner@brightside.example', name: 'Alex Owner', title: null });
    const run = await sqlGet(app, `SELECT status, pages, added FROM sync_runs WHERE object_type = 'persons'`);
    expect(run).toEqual({ status: 'succeeded', pages: 2, added: 520 });
  });

  it('pulls only what changed since the cursor (updated_since), and maps the primary email, phone and opt-out', async () => {
    store.generate(20);
    const { app, emulator } = await start();
    await pullAll(app, 'backfill');
    store.now = () => Date.now();
    const person = [...store.persons.values()][3]!;
    store.update('persons', person.id, {
      emails: [{ value: 'old@example.com', primary: false, label: 'home' }, { value: 'New.Primary@Example.com', primary: true, label: 'work' }],
      phones: [{ value: '+44 20 7946 0000', primary: true, label: 'work' }],
      marketing_status: 'unsubscribed',
    });
    const organization = [...store.organizations.values()][5]!;
    store.update('organizations', organization.id, { name: 'Renamed Ltd', website: 'www.renamed.example' });
    const before = emulator.requests.length;
    const persons = await runPull(app, await connectionId(app), 'persons', 'incremental');
    const organizations = await runPull(app, await connectionId(app), 'organizations', 'incremental');
    const calls = emulator.requests.slice(before);
    expect(calls.map((c) => c.query.updated_since)).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), expect.any(String)]);
    expect(await getSyncRun(app.store.db, persons.runId!)).toMatchObject({ status: 'succeeded', updated: 1, added: 0 });
    expect(await getSyncRun(app.store.db, organizations.runId!)).toMatchObject({ status: 'succeeded', updated: 1 });
    expect(await recordData(app, 'persons', person.id)).toMatchObject({ email: 'new.primary@example.com', phone: '+44 20 7946 0000', emailOptedOut: true, companyExternalIds: [String(person.org_id)] });
    expect(await recordData(app, 'organizations', organization.id)).toMatchObject({ name: 'Renamed Ltd', domain: 'renamed.example', website: 'www.renamed.example' });
  });

  it('brings deletions back deleted: deals through status=deleted, persons through the daily full listing and by id', async () => {
    store.generate(5);
    const { app, emulator } = await start();
    await pullAll(app, 'backfill');
    store.now = () => Date.now();
    const [deal] = [...store.deals.values()];
    const [, person] = [...store.persons.values()];
    store.delete('deals', deal!.id);
    store.delete('persons', person!.id);

    const before = emulator.requests.length;
    const deals = await runPull(app, await connectionId(app), 'deals', 'incremental');
    expect(emulator.requests.slice(before).map((r) => r.query.status)).toEqual([undefined, 'deleted']);
    expect(await getSyncRun(app.store.db, deals.runId!)).toMatchObject({ status: 'succeeded', deleted: 1 });
    expect(await isDeleted(app, 'deals', deal!.id)).toBe(true);

    // An incremental list leaves deleted persons out: they are seen once a full listing is due.
    await runPull(app, await connectionId(app), 'persons', 'incremental');
    expect(await isDeleted(app, 'persons', person!.id)).toBe(false);
    const cursor = JSON.parse((await sqlGet(app, `SELECT cursor FROM sync_cursors WHERE object_type = 'persons'`) as { cursor: string }).cursor) as { since: number; listedAllAt: number };
    await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = 'persons'`, JSON.stringify({ ...cursor, listedAllAt: Date.now() - 25 * 3_600_000 }));
    const full = await runPull(app, await connectionId(app), 'persons', 'incremental');
    expect(await getSyncRun(app.store.db, full.runId!)).toMatchObject({ status: 'succeeded', deleted: 1 });
    expect(await isDeleted(app, 'persons', person!.id)).toBe(true);

    // Fetched by id (a webhook's thin event), a deleted record comes back a tombstone.
    const ctxRecords = await connector.fetchByIds(
      { connectionId: await connectionId(app), workspaceId: 1, settings: {}, config: app.config, logger: app.logger, getAccessToken: async () => pipedriveHubEnv(emulator).PIPEDRIVE_API_TOKEN!, refreshAccessToken: async () => '', sleep, pace: async () => 0, limitConcurrency: (_k, _m, work) => work(), metadata: { get: () => undefined, set: () => {} } },
      'persons',
      [String(person!.id), String([...store.persons.keys()][0])],
    );
    expect(ctxRecords.map((r) => [r.externalId, r.deleted])).toEqual([
      [String([...store.persons.keys()][0]), false],
      [String(person!.id), true],
    ]);
  });

  it('waits out the burst limit’s 429 for the Retry-After it names, and still gets everything', async () => {
    store.generate(30);
    const { app, emulator } = await start({ rateLimitEvery: 3 });
    await pullAll(app, 'backfill');
    expect([await count(app, 'organizations'), await count(app, 'persons'), await count(app, 'deals')]).toEqual([30, 60, 30]);
    expect(emulator.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(sleep).toHaveBeenCalledWith(2000);
    expect(await sqlAll(app, `SELECT DISTINCT status FROM sync_runs`)).toEqual([{ status: 'succeeded' }]);
  });

  it('pauses a backfill as rate limited when the daily token budget is spent, resuming from the page cursor without taking the resumed listing as a full one', async () => {
    store.generate(600);
    const { app, emulator } = await start({ dailyTokenBudget: 10 });
    const failure = await runPull(app, await connectionId(app), 'organizations', 'backfill').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RateLimitError);
    expect((failure as RateLimitError).retryAfterMs).toBeGreaterThan(60_000);
    const run = await sqlGet(app, `SELECT status, pages, error FROM sync_runs ORDER BY id DESC`) as { status: string; pages: number; error: string };
    expect(run).toMatchObject({ status: 'rate_limited', pages: 1 });
    expect(run.error).toContain('Pipedrive 429: Daily token budget exceeded');
    // The first page is stored with the v2 cursor of the next one: the rescheduled run goes on from there.
    const saved = JSON.parse((await sqlGet(app, `SELECT cursor FROM sync_cursors WHERE object_type = 'organizations'`) as { cursor: string }).cursor) as { pass?: { kind: string; cursor?: string } };
    expect(saved.pass).toMatchObject({ kind: 'full', cursor: expect.any(String) });

    // Deleted meanwhile, after its page was stored: the resumed listing cannot prove its absence…
    const [gone] = [...store.organizations.values()];
    store.now = () => Date.now();
    store.delete('organizations', gone!.id);
    emulator.setDailyTokenBudget(undefined);
    const resumed = await runPull(app, await connectionId(app), 'organizations', 'backfill');
    expect(await getSyncRun(app.store.db, resumed.runId!)).toMatchObject({ status: 'succeeded', pages: 1, added: 100, deleted: 0 });
    expect(emulator.requests.at(-1)!.query.cursor).toEqual(saved.pass!.cursor);
    expect(await isDeleted(app, 'organizations', gone!.id)).toBe(false);
    // …so the next run lists everything again, and that listing does.
    const next = await runPull(app, await connectionId(app), 'organizations', 'incremental');
    expect(emulator.requests.at(-1)!.query.updated_since).toBeUndefined();
    expect(await getSyncRun(app.store.db, next.runId!)).toMatchObject({ status: 'succeeded', deleted: 1 });
    expect(await isDeleted(app, 'organizations', gone!.id)).toBe(true);
  });

  it('paces itself under the burst limit and the daily budget, keyed by the company', async () => {
    const { app } = await start({}, { PIPEDRIVE_BURST_LIMIT: '40', PIPEDRIVE_DAILY_TOKEN_BUDGET: '50000' });
    await runPull(app, await connectionId(app), 'users', 'backfill');
    const keys = (await sqlAll(app, `SELECT DISTINCT key FROM request_log ORDER BY key`) as { key: string }[]).map((r) => r.key);
    expect(keys).toEqual([`pipedrive:${store.companyId}:2000`, `pipedrive:${store.companyId}:86400000`]);
  });

  describe('settings', () => {
    const errorOf = (env: Record<string, string>) => {
      try {
        applyConnectorDeclarations(loadConfig(env, tmpdir()), registry);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };
    let registry: Awaited<ReturnType<typeof loadConnectorRegistry>>;
    beforeEach(async () => {
      registry = await loadConnectorRegistry();
    });

    it('stops the hub at start with one sentence naming Pipedrive, the variable and what to do', () => {
      expect(errorOf({ PIPEDRIVE_API_TOKEN: 'not-a-token' })).toBe(
        'Pipedrive: PIPEDRIVE_API_TOKEN must be a Pipedrive API token (40 hexadecimal characters), got "not-a-token": fix it (a personal API token (40 hex characters, sent as x-api-token): a connection from the environment) or unset it, then start the hub again',
      );
      expect(errorOf({ PIPEDRIVE_BASE_URL: 'api.pipedrive.com' })).toMatch(/^Pipedrive: PIPEDRIVE_BASE_URL must be an absolute URL/);
      expect(errorOf({ PIPEDRIVE_COMPANY_ID: 'acme' })).toMatch(/^Pipedrive: PIPEDRIVE_COMPANY_ID must be the numeric Pipedrive company id, got "acme"/);
      expect(errorOf({ PIPEDRIVE_BURST_LIMIT: 'lots' })).toMatch(/^Pipedrive: PIPEDRIVE_BURST_LIMIT must be a number above 0/);
      expect(errorOf({ PIPEDRIVE_WEBHOOK_USER: 'hub' })).toBe(
        'Pipedrive: PIPEDRIVE_WEBHOOK_USER and PIPEDRIVE_WEBHOOK_PASSWORD go together (the basic auth credentials of the webhook): set both or neither',
      );
      expect(errorOf({ PIPEDRIVE_API_TOKEN: 'a'.repeat(40), PIPEDRIVE_ACCESS_TOKEN: 'v1u:x' })).toMatch(/^Pipedrive: PIPEDRIVE_API_TOKEN and PIPEDRIVE_ACCESS_TOKEN are both set/);
      expect(errorOf({ PIPEDRIVE_API_TOKEN: 'A'.repeat(40), PIPEDRIVE_COMPANY_ID: '123' })).toBeNull();
    });

    it('makes an environment connection from an API token, or an OAuth grant with its refresh token', () => {
      const read = (env: Record<string, string>) => connector.fromEnvironment(loadConfig(env, tmpdir()));
      expect(read({})).toBeNull();
      expect(read({ PIPEDRIVE_API_TOKEN: 'b'.repeat(40), PIPEDRIVE_COMPANY_ID: '42', PIPEDRIVE_REFRESH_TOKEN: 'r', PIPEDRIVE_CLIENT_ID: 'c', PIPEDRIVE_CLIENT_SECRET: 's' })).toEqual({
        label: 'env',
        authType: 'token',
        credentials: { accessToken: 'b'.repeat(40) },
        settings: { companyId: '42', accountId: '42' },
      });
      expect(read({ PIPEDRIVE_ACCESS_TOKEN: 'v1u:abc', PIPEDRIVE_REFRESH_TOKEN: 'r', PIPEDRIVE_CLIENT_ID: 'c', PIPEDRIVE_CLIENT_SECRET: 's' })).toMatchObject({ authType: 'oauth', credentials: { accessToken: 'v1u:abc', refreshToken: 'r' } });
    });
  });
});
