/**
 * The scale-out runner against the real Redis on 127.0.0.1:6379: two `clienthub worker`
 * processes share one BullMQ queue and one database (SQLite file or PostgreSQL); one is SIGKILLed mid-job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from './support/create-test-app.js';
import { spawnCli, type CliProcess } from './support/spawn-cli.js';
import { sqlGet, sqlRun, sqlValue } from './support/sql.js';
import { batchReadResponse, fakeContact, pipelinesResponse } from '../connectors/hubspot/testing/hubspot-payloads.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const SLOW_ID = '9000';
const T0 = Date.parse('2026-11-20T10:00:00.000Z');

describe('BullMQ runner with several worker processes', () => {
  let app: TestApp;
  let hubspot: Server;
  let hubspotUrl: string;
  const requestedIds: string[] = [];
  let slowRequested: () => void;
  const slowSeen = new Promise<void>((resolve) => (slowRequested = resolve));
  const queueName = `clienthub-test-${process.pid}-${Date.now()}`;
  const workers: CliProcess[] = [];

  beforeAll(async () => {
    // A local HubSpot stand-in for the one endpoint these jobs call (contacts batch read), one id slow.
    hubspot = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url?.startsWith('/crm/v3/pipelines/deals')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(JSON.stringify(pipelinesResponse()));
        }
        if (!req.url?.startsWith('/crm/v3/objects/contacts/batch/read')) {
          res.writeHead(404, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ status: 'error', message: 'Not found', category: 'OBJECT_NOT_FOUND', correlationId: 'x' }));
        }
        const ids = (JSON.parse(body || '{"inputs":[]}') as { inputs: { id: string }[] }).inputs.map((i) => i.id);
        requestedIds.push(...ids);
        const send = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(batchReadResponse(ids.map((id) => fakeContact(id, T0)))));
        };
        if (ids.includes(SLOW_ID)) {
          slowRequested();
          setTimeout(send, 6000);
        } else send();
      });
    });
    await new Promise<void>((resolve) => hubspot.listen(0, '127.0.0.1', resolve));
    hubspotUrl = `http://127.0.0.1:${(hubspot.address() as AddressInfo).port}`;
    app = await createTestApp({ REDIS_URL, CLIENTHUB_QUEUE_NAME: queueName, CLIENTHUB_JOB_LOCK_MS: '2000', HUBSPOT_BASE_URL: hubspotUrl });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    const queue = new Queue(queueName, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }) });
    await queue.obliterate({ force: true });
    await queue.close();
    await app.dispose();
    hubspot.closeAllConnections();
    await new Promise((resolve) => hubspot.close(resolve));
  });

  it('loses no job and applies none twice when a worker dies mid-job', async () => {
    const env = {
      CLIENTHUB_DATA_DIR: app.dataDir,
      // On the PostgreSQL pass the workers share the app's throw-away database instead of its SQLite file.
      ...(app.config.databaseUrl ? { DATABASE_URL: app.config.databaseUrl } : {}),
      CLIENTHUB_SECRET_KEY: TEST_SECRET_KEY,
      REDIS_URL,
      CLIENTHUB_QUEUE_NAME: queueName,
      CLIENTHUB_JOB_LOCK_MS: '2000',
      CLIENTHUB_WORKER_CONCURRENCY: '2',
      HUBSPOT_ACCESS_TOKEN: 'pat-test-token',
      HUBSPOT_BASE_URL: hubspotUrl,
      // The scheduler would start backfills against the stand-in; this test is about the queue.
      CLIENTHUB_POLL_INTERVAL_SECONDS: '86400',
      LOG_LEVEL: 'info',
    };
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'hubspot'`))!;
    // Polls would be scheduled for a fresh connection; mark them recent so only our jobs run.
    for (const { objectType } of app.connectors.get('hubspot').objectTypes) {
      await sqlRun(app, `INSERT INTO sync_runs (connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, finished_at) VALUES (?, ?, 'incremental', 'succeeded', 'test', ?, ?, ?)`, connectionId, objectType, Date.now(), Date.now(), Date.now());
    }
    workers.push(spawnCli(['worker'], env), spawnCli(['worker'], env));
    await Promise.all(workers.map((w) => w.waitFor((l) => l.msg === 'worker started', 60_000)));

    const ids = Array.from({ length: 60 }, (_, i) => String(1000 + i));
    const jobIds: string[] = [];
    let slowJobId = '';
    for (let i = 0; i < ids.length; i += 3) {
      const chunk = ids.slice(i, i + 3);
      if (i === 30) chunk.push(SLOW_ID);
      const id = await app.jobs.enqueue('records.fetch', { connectionId, objectType: 'contacts', externalIds: chunk });
      jobIds.push(id!);
      if (chunk.includes(SLOW_ID)) slowJobId = id!;
    }
    await slowSeen;
    const holder = workers.find((w) => w.lines.some((l) => l.msg === 'job started' && l.jobId === slowJobId));
    expect(holder, 'one worker reported starting the slow job').toBeDefined();
    await holder!.kill('SIGKILL');
    const survivor = workers.find((w) => w !== holder)!;

    // BullMQ's stalled-job check hands the dead worker's job to the survivor.
    await survivor.waitFor((l) => l.msg === 'job completed' && l.jobId === slowJobId, 60_000);
    await app.jobs.drain(60_000);

    const queue = new Queue(queueName, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }) });
    // drain() does not wait for a job put back for longer than a few seconds (a retry's back-off on a
    // loaded machine): wait until every job has finished one way or the other, then judge.
    const statesNow = () => Promise.all(jobIds.map(async (id) => (await queue.getJob(id))?.getState()));
    let states = await statesNow();
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && !states.every((state) => state === 'completed' || state === 'failed'); states = await statesNow()) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const failed = await queue.getFailed();
    await queue.close();
    expect(states.every((state) => state === 'completed')).toBe(true);
    expect(failed.map((job) => `${job.name}: ${job.failedReason}`)).toEqual([]);

    expect(await sqlValue(app, `SELECT COUNT(*) AS n FROM records WHERE object_type = 'contacts'`)).toBe(ids.length + 1);
    // Applied once: each record was created once and never rewritten, though the slow job ran twice.
    expect(await sqlGet(app, `SELECT MAX(version) AS v FROM records`)).toEqual({ v: 1 });
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM record_changes`)).toEqual({ n: ids.length + 1 });
    expect(requestedIds.filter((id) => id === SLOW_ID).length).toBe(2);
  }, 180_000);
});
