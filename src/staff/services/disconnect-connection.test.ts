import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { disconnectConnection } from './disconnect-connection.js';
import { listConnections } from '../../store/connections/list-connections.js';

const IDENTITY = 'https://identity.xero.test';
const staff = { type: 'staff' as const, id: '1', ip: '203.0.113.9' };

const REDIS_URL = 'redis://127.0.0.1:6379';
const queueNames: string[] = [];

afterAll(async () => {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  for (const name of queueNames) {
    const queue = new Queue(name, { connection });
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    for (const key of await connection.keys(`bull:${name}:*`)) await connection.del(key);
  }
  connection.disconnect();
});

/** The account's jobs are dropped in whichever runner holds them: the SQLite jobs table, or BullMQ on Redis. */
const RUNNERS: { runner: string; env(): Record<string, string> }[] = [
  { runner: 'in-process', env: () => ({ REDIS_URL: '' }) },
  {
    runner: 'bullmq',
    env: () => {
      const name = `clienthub-disconnect-${process.pid}-${Date.now()}-${queueNames.length}`;
      queueNames.push(name);
      return { REDIS_URL, CLIENTHUB_QUEUE_NAME: name };
    },
  },
];

describe.each(RUNNERS)('disconnecting an account ($runner jobs)', ({ env }) => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1:6379');
    app = await createTestApp({
      ...env(),
      HUBSPOT_ACCESS_TOKEN: '',
      XERO_BASE_URL: 'https://xero.test',
      XERO_IDENTITY_URL: IDENTITY,
      XERO_TENANT_ID: 'aef86862-2015-4b6b-88bc-d89032cecc50',
      XERO_ACCESS_TOKEN: 'xero-access',
      XERO_REFRESH_TOKEN: 'xero-refresh',
      XERO_CLIENT_ID: 'xero-app',
      XERO_CLIENT_SECRET: 'xero-secret',
    });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  let xeroId = 0;
  const xero = () => xeroId;
  beforeEach(async () => {
    xeroId = (await listConnections(app.store.db, { provider: 'xero' }))[0]!.id;
  });

  it('erases the credentials, stops the schedules, and revokes the grant at the provider', async () => {
    let revoked = '';
    nock(IDENTITY).post('/connect/revocation', (body: Record<string, string>) => ((revoked = body.token ?? ''), true)).basicAuth({ user: 'xero-app', pass: 'xero-secret' }).reply(200);
    const result = await disconnectConnection(app, staff, xero(), { purge: false });
    expect(result).toEqual({ ok: true, purged: null, revoked: 'yes' });
    expect(revoked).toBe('xero-refresh');
    expect(await app.store.db.selectFrom('connections').select(['status', 'credentials_sealed']).where('id', '=', xero()).executeTakeFirst()).toEqual({ status: 'disconnected', credentials_sealed: null });
    expect(await app.store.db.selectFrom('audit_log').select(['action', 'ip']).where('subject_type', '=', 'connection').orderBy('id').execute()).toEqual([
      { action: 'connection.disconnected', ip: '203.0.113.9' },
      { action: 'connection.revoke', ip: '203.0.113.9' },
    ]);
  });

  it("drops the account's queued pulls, fetches and webhook upkeep, and nothing of other accounts", async () => {
    nock(IDENTITY).post('/connect/revocation').reply(200);
    const later = { delayMs: 3_600_000 };
    await app.jobs.enqueue('sync.pull', { connectionId: xero(), objectType: 'invoices', mode: 'incremental' }, { ...later, dedupeKey: 'x-pull' });
    await app.jobs.enqueue('records.fetch', { connectionId: xero(), objectType: 'invoices', externalIds: ['i-1'] }, { ...later, dedupeKey: 'x-fetch' });
    await app.jobs.enqueue('webhooks.maintain', { connectionId: xero() }, { ...later, dedupeKey: 'x-maintain' });
    await app.jobs.enqueue('documents.list', { connectionId: xero(), recordIds: [1] }, { ...later, dedupeKey: 'x-documents' });
    await app.jobs.enqueue('sync.pull', { connectionId: xero() + 1000, objectType: 'invoices', mode: 'incremental' }, { ...later, dedupeKey: 'other-pull' });
    expect(await app.jobs.isPending('x-pull')).toBe(true);
    expect(await disconnectConnection(app, staff, xero(), { purge: false })).toMatchObject({ ok: true });
    const pending = async (key: string) => app.jobs.isPending(key);
    expect({ pull: await pending('x-pull'), fetch: await pending('x-fetch'), maintain: await pending('x-maintain'), documents: await pending('x-documents'), other: await pending('other-pull') }).toEqual({
      pull: false,
      fetch: false,
      maintain: false,
      documents: true,
      other: true,
    });
  });

  it('still disconnects when the provider cannot be reached, and says so', async () => {
    nock(IDENTITY).post('/connect/revocation').reply(503);
    const result = await disconnectConnection(app, staff, xero(), { purge: false });
    expect(result).toMatchObject({ ok: true, revoked: 'failed' });
    expect(await app.store.db.selectFrom('connections').select('status').where('id', '=', xero()).executeTakeFirst()).toEqual({ status: 'disconnected' });
    expect(await app.store.db.selectFrom('audit_log').select('details').where('action', '=', 'connection.revoke_failed').executeTakeFirst()).toMatchObject({ details: expect.stringContaining('Xero refused the revocation (503)') });
  });
});
