/**
 * The BullMQ runner under faults, against real Redis: the shared one on 6379 for job limits,
 * a redis-server of the test's own (stopped and restarted, coming back empty) for outages.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createBullmqQueue } from '../src/jobs/bullmq-queue.js';
import type { JobQueue } from '../src/jobs/job-queue.js';
import { createLogger, type Logger } from '../src/logging/logger.js';
import { startOwnRedis, type OwnRedis } from './support/start-redis.js';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_BASE, HUBSPOT_TEST_SECRET, TEST_SECRET_KEY, type TestApp } from './support/create-test-app.js';
import { startServer } from '../src/server/start-server.js';
import { signHubSpotV3 } from '../connectors/hubspot/testing/sign-hubspot-v3.js';
import { batchReadResponse, fakeContact, pipelinesResponse } from '../connectors/hubspot/testing/hubspot-payloads.js';
import { spawnCli } from './support/spawn-cli.js';
import { recordWebhookDelivery } from '../webhooks/record-webhook-delivery.js';
import { queuePendingWebhookEvents } from '../src/sync/queue-pending-webhook-events.js';
import { freePort } from './support/free-port.js';
import { RateLimitError } from '../src/sync/sync-errors.js';
import { idleJobHandlers, waitFor } from './support/job-test-kit.js';
import { sqlAll, sqlGet } from './support/sql.js';

const SHARED_REDIS = 'redis://127.0.0.1:6379';
const T0 = Date.parse('2026-11-20T10:00:00.000Z');

function capturingLogger(): { logger: Logger; lines: { level: string; msg: string; [k: string]: unknown }[] } {
  const lines: { level: string; msg: string }[] = [];
  return { logger: createLogger('debug', {}, (line) => lines.push(JSON.parse(line) as { level: string; msg: string })), lines };
}



const queueNames: string[] = [];
const uniqueQueue = () => {
  const name = `clienthub-faults-${process.pid}-${Date.now()}-${queueNames.length}`;
  queueNames.push(name);
  return name;
};

afterAll(async () => {
  const connection = new Redis(SHARED_REDIS, { maxRetriesPerRequest: null });
  for (const name of queueNames) {
    const queue = new Queue(name, { connection });
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    for (const key of await connection.keys(`bull:${name}:*`)) await connection.del(key);
  }
  connection.disconnect();
});

describe('BullMQ runner: maximum run time and per-connection slots', () => {
  const open: JobQueue[] = [];
  afterEach(async () => {
    for (const jobs of open.splice(0)) await jobs.close();
  });

  it('abandons a job past its maximum run time (signal aborted, retried), freeing the slot for the next', async () => {
    const { logger, lines } = capturingLogger();
    const jobs = await createBullmqQueue({ redisUrl: SHARED_REDIS, queueName: uniqueQueue(), logger, lockMs: 5000, maxAttempts: 2, concurrency: 1, timeoutMs: 500, perConnection: 2 });
    open.push(jobs);
    const signals: AbortSignal[] = [];
    let mailed = false;
    await jobs.startWorker(
      idleJobHandlers({
        'sync.pull': async (_payload, job) => {
          signals.push(job.signal!);
          await new Promise<void>(() => {});
        },
        'mail.deliver': async () => void (mailed = true),
      }),
    );
    await jobs.enqueue('sync.pull', { connectionId: 1, objectType: 'contacts', mode: 'incremental' }, { dedupeKey: 'pull:1:contacts' });
    await waitFor(() => signals.length === 1, 'pull started');
    await jobs.enqueue('mail.deliver', {});
    await waitFor(() => mailed, 'mail ran once the hung pull was abandoned');
    expect(signals[0]!.aborted).toBe(true);
    expect(lines.find((l) => l.msg === 'job failed, will retry')).toMatchObject({ job: 'sync.pull', error: expect.stringMatching(/CLIENTHUB_JOB_TIMEOUT_MS/) });
  });

  it('isPending: a pull whose retry waits out a long Retry-After is still pending after drain (what sync --wait waits for)', async () => {
    const jobs = await createBullmqQueue({ redisUrl: SHARED_REDIS, queueName: uniqueQueue(), logger: capturingLogger().logger, lockMs: 5000, maxAttempts: 2, concurrency: 1, timeoutMs: 600_000, perConnection: 2 });
    open.push(jobs);
    let runs = 0;
    await jobs.startWorker(
      idleJobHandlers({
        'sync.pull': async () => {
          runs++;
          if (runs === 1) throw new RateLimitError('HubSpot said 429', 7000);
        },
      }),
    );
    expect(await jobs.isPending('pull:9:deals')).toBe(false);
    await jobs.enqueue('sync.pull', { connectionId: 9, objectType: 'deals', mode: 'incremental' }, { dedupeKey: 'pull:9:deals', skipIfRunning: true });
    await waitFor(() => runs === 1, 'first attempt ran');
    await jobs.drain(20_000);
    // drain only waits for work due soon; the retry 7 s away is still this pull's.
    expect(runs).toBe(1);
    expect(await jobs.isPending('pull:9:deals')).toBe(true);
    await waitFor(async () => !(await jobs.isPending('pull:9:deals')), 'the retry ran', 30_000);
    expect(runs).toBe(2);
  }, 60_000);

  it("queues no poll beside a running pull of the same object, but keeps a change stream's pull to run after it", async () => {
    const jobs = await createBullmqQueue({ redisUrl: SHARED_REDIS, queueName: uniqueQueue(), logger: capturingLogger().logger, lockMs: 5000, maxAttempts: 2, concurrency: 2, timeoutMs: 600_000, perConnection: 2 });
    open.push(jobs);
    let runs = 0;
    let letGo = false;
    await jobs.startWorker(
      idleJobHandlers({
        'sync.pull': async () => {
          runs++;
          while (!letGo) await new Promise((r) => setTimeout(r, 20));
        },
      }),
    );
    const pull = { connectionId: 1, objectType: 'contacts', mode: 'incremental' } as const;
    await jobs.enqueue('sync.pull', pull, { dedupeKey: 'pull:1:contacts', skipIfRunning: true });
    await waitFor(() => runs === 1, 'first pull running');
    // The scheduler's polls while it hangs: absorbed.
    await jobs.enqueue('sync.pull', pull, { dedupeKey: 'pull:1:contacts', skipIfRunning: true });
    await jobs.enqueue('sync.pull', pull, { dedupeKey: 'pull:1:contacts', skipIfRunning: true });
    letGo = true;
    await jobs.drain(20_000);
    expect(runs).toBe(1);
    // A change notice while a pull runs: one more run, after it.
    letGo = false;
    await jobs.enqueue('sync.pull', pull, { dedupeKey: 'pull:1:contacts', skipIfRunning: true });
    await waitFor(() => runs === 2, 'second pull running');
    await jobs.enqueue('sync.pull', pull, { dedupeKey: 'pull:1:contacts' });
    await jobs.enqueue('sync.pull', pull, { dedupeKey: 'pull:1:contacts' });
    await new Promise((r) => setTimeout(r, 200));
    expect(runs).toBe(2);
    letGo = true;
    await waitFor(() => runs === 3, 'the kept pull ran after the running one');
    await jobs.drain(20_000);
    expect(runs).toBe(3);
  });

  it('runs at most perConnection jobs of one connection across two workers: another connection and mail still run', async () => {
    const queueName = uniqueQueue();
    const make = async () => {
      const jobs = await createBullmqQueue({ redisUrl: SHARED_REDIS, queueName, logger: capturingLogger().logger, lockMs: 5000, maxAttempts: 2, concurrency: 3, timeoutMs: 600_000, perConnection: 2 });
      open.push(jobs);
      return jobs;
    };
    const [a, b] = [await make(), await make()];
    const hung: string[] = [];
    const done: string[] = [];
    let letGo = false;
    const work = idleJobHandlers({
      'records.fetch': async ({ connectionId, externalIds }) => {
        if (connectionId === 1) {
          hung.push(externalIds[0]!);
          while (!letGo) await new Promise((r) => setTimeout(r, 20));
        }
        done.push(`${connectionId}:${externalIds[0]}`);
      },
      'mail.deliver': async () => void done.push('mail'),
    });
    await a.startWorker(work);
    await b.startWorker(work);
    for (let i = 0; i < 5; i++) await a.enqueue('records.fetch', { connectionId: 1, objectType: 'contacts', externalIds: [String(i)] });
    await waitFor(() => hung.length === 2, "two of the hung connection's jobs running");
    for (let i = 0; i < 3; i++) await a.enqueue('records.fetch', { connectionId: 2, objectType: 'contacts', externalIds: [String(i)] });
    await a.enqueue('mail.deliver', {});
    await waitFor(() => done.filter((d) => d.startsWith('2:')).length === 3 && done.includes('mail'), 'the other connection and mail ran');
    // Across both workers (six slots), the hung connection never had more than two.
    expect(hung).toHaveLength(2);
    letGo = true;
    await waitFor(() => done.filter((d) => d.startsWith('1:')).length === 5, "the hung connection's jobs all ran once it recovered");
  }, 60_000);
});

describe('BullMQ runner: Redis outages', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('re-establishes the scheduler after Redis restarts empty, and logs the outage once each way', async () => {
    const { logger, lines } = capturingLogger();
    const jobs = await createBullmqQueue({ redisUrl: redis.url, queueName: 'ticks', logger, lockMs: 5000, maxAttempts: 2, concurrency: 2, timeoutMs: 600_000, perConnection: 2 });
    try {
      let ticks = 0;
      await jobs.startWorker(
        idleJobHandlers({
          'scheduler.tick': async () => {
            // Long enough that the flush below can find a tick running, as it can on a busy machine.
            await new Promise((r) => setTimeout(r, 450));
            ticks++;
          },
        }),
      );
      await jobs.startScheduler(500);
      await waitFor(() => ticks >= 2, 'ticks before the outage');
      await redis.stop();
      // Long enough for many reconnect attempts: each would have been a stack trace before.
      await new Promise((r) => setTimeout(r, 3000));
      await redis.start();
      const before = ticks;
      await waitFor(() => ticks >= before + 2, 'ticks resumed after Redis came back empty', 45_000);
      // Emptied without a reconnect (FLUSHALL, a failover to an empty replica): the periodic check puts the scheduler back.
      const admin = new Redis(redis.url);
      await admin.flushall();
      admin.disconnect();
      const afterFlush = ticks;
      await waitFor(() => ticks >= afterFlush + 2, 'ticks resumed after Redis was flushed', 45_000);
      expect(lines.filter((l) => l.msg === 'scheduler was missing from Redis: re-established').length).toBeGreaterThanOrEqual(2);
      expect(lines.filter((l) => l.msg === 'Redis unreachable: jobs wait until it returns')).toHaveLength(1);
      expect(lines.filter((l) => l.msg === 'Redis reachable again')).toHaveLength(1);
      // The outage is the one error; a tick that was running when Redis was flushed is a warning, once.
      const errors = lines.filter((l) => l.level === 'error');
      expect(errors.map((l) => l.msg), JSON.stringify(errors)).toEqual(['Redis unreachable: jobs wait until it returns']);
      const lostJobs = lines.filter((l) => String(l.msg).startsWith('Redis lost a running job')).map((l) => l.jobId);
      expect(new Set(lostJobs).size).toBe(lostJobs.length);
    } finally {
      await jobs.close();
    }
  }, 90_000);

  describe('webhooks while Redis is down', () => {
    let app: TestApp;
    let url: string;
    let close: () => Promise<void>;
    const PORTAL_ID = 12345678;
    const contactEvent = (eventId: number, contactId: string) => ({
      eventId,
      subscriptionId: 1,
      portalId: PORTAL_ID,
      appId: 1,
      occurredAt: T0,
      subscriptionType: 'contact.propertyChange',
      attemptNumber: 0,
      objectId: Number(contactId),
      changeSource: 'CRM_UI',
      propertyName: 'email',
      propertyValue: 'x@example.com',
    });
    const post = (body: string) => {
      const timestamp = Date.now();
      return fetch(`${url}/webhooks/hubspot`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature-v3': signHubSpotV3(HUBSPOT_TEST_SECRET, 'POST', 'http://hub.test/webhooks/hubspot', body, timestamp),
          'x-hubspot-request-timestamp': String(timestamp),
        },
        body,
        signal: AbortSignal.timeout(20_000),
      });
    };
    // By event id: deliveries posted at once are stored in whichever order they arrive.
    const eventStatus = () => sqlAll<{ eventId: string; status: string }>(app, `SELECT event_id AS "eventId", status FROM webhook_events ORDER BY event_id`);

    beforeAll(async () => {
      nock.disableNetConnect();
      nock.enableNetConnect('127.0.0.1');
      const hubspot = nock(HUBSPOT_TEST_BASE).persist();
      hubspot.get('/crm/v3/pipelines/deals').reply(200, pipelinesResponse());
      hubspot
        .post('/crm/v3/objects/contacts/batch/read')
        .query(true)
        .reply(200, (_uri, body) => batchReadResponse((body as { inputs: { id: string }[] }).inputs.map(({ id }) => fakeContact(id, T0, { email: `c${id}@example.com` }))));
      app = await createTestApp(
        { REDIS_URL: redis.url, CLIENTHUB_QUEUE_NAME: 'webhooks', CLIENTHUB_SERVER_WORKER: 'true' },
        process.env.DEBUG_TEST ? { logger: createLogger('debug') } : {},
      );
      const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
      url = server.url;
      close = server.close;
    });
    afterAll(async () => {
      await close();
      await app.dispose();
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it('acknowledges within a short bound while Redis is down, and processes the delivery once it is back', async () => {
      await redis.stop();
      const started = Date.now();
      const answers = await Promise.all([1, 2, 3].map((n) => post(JSON.stringify([contactEvent(100 + n, String(500 + n))]))));
      const ackMs = Date.now() - started;
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      // The bound is 2 s; generous here because the point is "does not hang".
      expect(ackMs).toBeLessThan(10_000);
      expect(await eventStatus()).toEqual([101, 102, 103].map((id) => ({ eventId: String(id), status: 'pending' })));
      await redis.start();
      // Redis came back empty: whether the acknowledged enqueue got through or was lost, the sweeper covers it.
      await waitFor(async () => {
        await queuePendingWebhookEvents(app, Date.now());
        return (await eventStatus()).every((e) => e.status === 'processed');
      }, 'events processed after Redis returned', 60_000);
      expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE object_type = 'contacts'`)).toEqual({ n: 3 });
    }, 120_000);

    it('re-queues a still-pending event when the provider redelivers it', async () => {
      // The state a cut enqueue leaves (stored and acknowledged, then the process died or Redis lost the job): no job anywhere.
      const body = JSON.stringify([contactEvent(200, '600')]);
      const event = contactEvent(200, '600');
      await recordWebhookDelivery(app.store, {
        provider: 'hubspot',
        connectionId: await hubspotConnectionId(app),
        headers: {},
        body: Buffer.from(body),
        remoteIp: '127.0.0.1',
        receivedAt: Date.now(),
        status: 'accepted',
        reason: null,
        events: [{ eventId: '200', objectType: 'contacts', externalId: '600', occurredAt: T0, action: 'changed', accountId: String(PORTAL_ID), raw: event }],
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(await eventStatus()).toContainEqual({ eventId: '200', status: 'pending' });
      const again = await post(body);
      expect(await again.json()).toEqual({ received: 1, duplicates: 1 });
      await waitFor(async () => (await eventStatus()).some((e) => e.eventId === '200' && e.status === 'processed'), 'the redelivered event processed', 60_000);
    }, 120_000);
  });
});

describe('start-up with Redis unreachable', () => {
  it('exits 1 with one sentence naming the URL, its password masked', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-redis-'));
    const cli = spawnCli(['serve'], {
      CLIENTHUB_DATA_DIR: dataDir,
      CLIENTHUB_SECRET_KEY: TEST_SECRET_KEY,
      REDIS_URL: `redis://worker:hunter2@127.0.0.1:${port}`,
      PORT: String(await freePort()),
    });
    let stderr = '';
    cli.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => cli.child.once('exit', (c) => resolve(c)));
    rmSync(dataDir, { recursive: true, force: true });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Redis at redis://\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(REDIS_URL\\) could not be reached within 10 s`));
    expect(stderr).not.toContain('hunter2');
    expect(cli.lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 90_000);
});
