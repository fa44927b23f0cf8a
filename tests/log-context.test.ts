/** Log lines carry the id of the job or request they belong to, whichever module writes them. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, hubspotConnectionId, type TestApp } from './support/create-test-app.js';
import { startServer } from '../src/server/start-server.js';
import { createLogger } from '../src/logging/logger.js';
import { createJobHandlers, createWorkerHooks } from '../src/jobs/create-job-handlers.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';

type Line = Record<string, unknown> & { msg: string };

describe('job and request ids on log lines', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a sync job: its run lines carry jobId, job, runId and connectionId', async () => {
    const store = new HubSpotEmulatorStore();
    store.seedDemo();
    const hubspot = await startHubSpotEmulator({ store });
    cleanups.push(() => hubspot.close());
    const lines: Line[] = [];
    const app: TestApp = await createTestApp({ HUBSPOT_BASE_URL: hubspot.url }, { logger: createLogger('debug', {}, (line) => lines.push(JSON.parse(line) as Line)) });
    cleanups.push(() => app.dispose());
    await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
    const connectionId = await hubspotConnectionId(app);
    const jobId = await app.jobs.enqueue('sync.pull', { connectionId, objectType: 'companies', mode: 'backfill' });
    await app.jobs.drain();
    const finished = lines.find((l) => l.msg === 'sync run finished');
    expect(finished).toMatchObject({ jobId, job: 'sync.pull', connectionId, objectType: 'companies', runId: expect.any(Number) });
    expect(lines.find((l) => l.msg === 'sync run started')).toMatchObject({ jobId, runId: finished!.runId });
  });

  it('a request: a line a route logs carries the reqId of its access-log line', async () => {
    const lines: Line[] = [];
    const token = 'a'.repeat(40);
    const app = await createTestApp({ CLIENTHUB_ADMIN_TOKEN: token }, { logger: createLogger('debug', {}, (line) => lines.push(JSON.parse(line) as Line)) });
    cleanups.push(() => app.dispose());
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    cleanups.push(() => server.close());
    const res = await fetch(`${server.url}/admin/api/links/relink`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'trace-77' }, body: '{"not json' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBe('trace-77');
    expect(lines.find((l) => l.msg === 'admin API request refused')).toMatchObject({ reqId: 'trace-77' });
    expect(lines.find((l) => l.msg === 'request completed')).toMatchObject({ req: { id: 'trace-77' }, res: { statusCode: 400 } });
  });
});
