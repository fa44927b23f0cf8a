/**
 * The job runner's repositories (the in-process queue's table, issue 15) on both engines: enqueue
 * with dedupe, the idle probe, claims that respect running keys and per-connection slots, takeover
 * of dead workers' jobs, and the bookkeeping of a run.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { insertJob, type NewJob } from './insert-job.js';
import { findClaimableJob } from './find-claimable-job.js';
import { claimJob } from './claim-job.js';
import { lockJobClaims } from './lock-job-claims.js';
import { mergeExpiredJobs } from './merge-expired-jobs.js';
import { requeueExpiredJobs } from './requeue-expired-jobs.js';
import { updateJobDone } from './update-job-done.js';
import { updateJobFailed } from './update-job-failed.js';
import { updateJobRetry } from './update-job-retry.js';
import { findWaitingJob } from './find-waiting-job.js';
import { extendJobLock } from './extend-job-lock.js';
import { deleteFinishedJobs } from './delete-finished-jobs.js';
import { countJobBacklog } from './count-job-backlog.js';
import { countOpenJobs } from './count-open-jobs.js';
import { hasPendingJob } from './has-pending-job.js';
import { deleteWaitingConnectionJobs } from './delete-waiting-connection-jobs.js';

const job = (over: Partial<NewJob> = {}): NewJob => ({
  name: 'sync.pull',
  payload: '{}',
  dedupeKey: null,
  connectionId: null,
  runAt: 100,
  maxAttempts: 3,
  now: 100,
  skipIfRunning: false,
  ...over,
});

describe.each(STORE_ENGINES)('job repositories on %s', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(engine);
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  afterEach(async () => {
    await t.store.db.deleteFrom('jobs').execute();
  });

  const claim = (now: number, over: { connectionSlotFree?: boolean; perConnection?: number; workerId?: string } = {}) =>
    t.store.transaction(async (tx) => {
      await lockJobClaims(tx, engine);
      return claimJob(tx, engine, { now, lockedUntil: now + 1000, workerId: over.workerId ?? 'w1', connectionSlotFree: over.connectionSlotFree ?? true, perConnection: over.perConnection ?? 2 });
    });
  const statuses = async () => (await t.store.db.selectFrom('jobs').select(['id', 'status', 'attempts', 'last_error']).orderBy('id').execute());

  it('absorbs a waiting twin by its key, and with skipIfRunning a running one', async () => {
    const first = await insertJob(t.store.db, job({ dedupeKey: 'pull:1:contacts', payload: '{"connectionId":1}', connectionId: 1 }));
    expect(first).toEqual(expect.any(Number));
    expect(await insertJob(t.store.db, job({ dedupeKey: 'pull:1:contacts' }))).toBeUndefined();
    expect(await hasPendingJob(t.store.db, 'pull:1:contacts')).toBe(true);
    const claimed = await claim(100);
    expect(claimed).toEqual({ id: first, name: 'sync.pull', payload: '{"connectionId":1}', attempts: 1, max_attempts: 3, dedupe_key: 'pull:1:contacts' });
    // Running: a twin may wait (it runs afterwards), but not when the enqueue skips while one runs.
    expect(await insertJob(t.store.db, job({ dedupeKey: 'pull:1:contacts', skipIfRunning: true }))).toBeUndefined();
    const twin = await insertJob(t.store.db, job({ dedupeKey: 'pull:1:contacts' }));
    expect(twin).toEqual(expect.any(Number));
    // The twin does not start while its key runs.
    expect(await findClaimableJob(t.store.db, { now: 200, connectionSlotFree: true, perConnection: 2 })).toEqual({ claimableId: null, expiredId: null });
    expect(await claim(200)).toBeUndefined();
    expect(await findWaitingJob(t.store.db, 'pull:1:contacts', first!)).toBe(twin);
    await updateJobDone(t.store.db, first!, 300, 'failed; merged into waiting job');
    expect(await findClaimableJob(t.store.db, { now: 300, connectionSlotFree: true, perConnection: 2 })).toEqual({ claimableId: twin, expiredId: null });
    expect((await claim(300))?.id).toBe(twin);
    expect(await statuses()).toEqual([
      { id: first, status: 'done', attempts: 1, last_error: 'failed; merged into waiting job' },
      { id: twin, status: 'running', attempts: 1, last_error: null },
    ]);
  });

  it('claims due jobs in order, within per-connection slots and the housekeeping slot', async () => {
    const a = await insertJob(t.store.db, job({ connectionId: 1, runAt: 90 }));
    const b = await insertJob(t.store.db, job({ connectionId: 1, runAt: 91 }));
    const c = await insertJob(t.store.db, job({ connectionId: 1, runAt: 92 }));
    const d = await insertJob(t.store.db, job({ connectionId: 2, runAt: 93 }));
    const tick = await insertJob(t.store.db, job({ name: 'scheduler.tick', runAt: 94 }));
    const later = await insertJob(t.store.db, job({ runAt: 5000 }));
    expect((await claim(100))?.id).toBe(a);
    expect((await claim(100))?.id).toBe(b);
    // Connection 1 holds its two slots: its third job waits, connection 2's starts.
    expect((await claim(100))?.id).toBe(d);
    // No connection slot free in this process: only jobs of no connection start.
    await updateJobDone(t.store.db, a!, 100);
    expect((await claim(100, { connectionSlotFree: false }))?.id).toBe(tick);
    expect(await claim(100, { connectionSlotFree: false })).toBeUndefined();
    expect((await claim(100))?.id).toBe(c);
    expect(await claim(100)).toBeUndefined();
    expect(await countJobBacklog(t.store.db, 100)).toEqual({ waiting: 0, running: 4, oldest: null });
    expect(await countOpenJobs(t.store.db, 100)).toBe(4);
    expect(await countJobBacklog(t.store.db, 6000)).toEqual({ waiting: 1, running: 4, oldest: 5000 });
    expect((await claim(6000))?.id).toBe(later);
  });

  it('serializes concurrent claims: never more running jobs of a connection than its slots, each job claimed once', async () => {
    for (let i = 0; i < 10; i++) await insertJob(t.store.db, job({ connectionId: 1, runAt: 90 + i }));
    for (let i = 0; i < 4; i++) await insertJob(t.store.db, job({ connectionId: null, runAt: 90 + i }));
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => claim(100, { workerId: `w${i}` })));
    const won = claims.filter((c) => c !== undefined);
    expect(won).toHaveLength(2 + 4);
    expect(new Set(won.map((c) => c.id)).size).toBe(won.length);
    const running = await t.store.db.selectFrom('jobs').select('connection_id').where('status', '=', 'running').execute();
    expect(running.filter((r) => r.connection_id === 1)).toHaveLength(2);
  });

  it('merges a dead worker\'s job into a waiting twin and queues the others again for takeover', async () => {
    const dead = await insertJob(t.store.db, job({ dedupeKey: 'pull:1:deals', connectionId: 1 }));
    const alone = await insertJob(t.store.db, job({ connectionId: 1 }));
    expect((await claim(100, { workerId: 'dead' }))?.id).toBe(dead);
    expect((await claim(100, { workerId: 'dead' }))?.id).toBe(alone);
    const twin = await insertJob(t.store.db, job({ dedupeKey: 'pull:1:deals' }));
    // Alive: the heartbeat extends the lock only for its holder.
    expect(await extendJobLock(t.store.db, alone!, 'dead', 1500)).toBe(true);
    expect(await extendJobLock(t.store.db, alone!, 'other', 9000)).toBe(false);
    expect(await findClaimableJob(t.store.db, { now: 1200, connectionSlotFree: true, perConnection: 2 })).toEqual({ claimableId: null, expiredId: dead });
    expect(await mergeExpiredJobs(t.store.db, 1600)).toBe(1);
    expect(await requeueExpiredJobs(t.store.db, 1600)).toBe(1);
    expect(await statuses()).toEqual([
      { id: dead, status: 'done', attempts: 1, last_error: 'worker died; merged into a job with the same key' },
      { id: alone, status: 'queued', attempts: 1, last_error: null },
      { id: twin, status: 'queued', attempts: 0, last_error: null },
    ]);
    expect(await claim(1600)).toMatchObject({ id: alone, attempts: 2 });
  });

  it('records a retry, a failure, and purges finished jobs; cancels a connection\'s waiting jobs', async () => {
    const a = await insertJob(t.store.db, job({ connectionId: 7 }));
    const b = await insertJob(t.store.db, job({ connectionId: 7, name: 'records.fetch', runAt: 9000 }));
    const c = await insertJob(t.store.db, job({ connectionId: 8 }));
    const d = await insertJob(t.store.db, job({ connectionId: 7, name: 'mail.deliver' }));
    expect((await claim(100))?.id).toBe(a);
    await updateJobRetry(t.store.db, a!, 2000, '503');
    expect((await claim(100))?.id).toBe(c);
    await updateJobFailed(t.store.db, c!, 150, 'bad');
    expect(await deleteWaitingConnectionJobs(t.store.db, 7, [])).toBe(0);
    expect(await deleteWaitingConnectionJobs(t.store.db, 7, ['sync.pull', 'records.fetch'])).toBe(2);
    expect((await statuses()).map((r) => [r.id, r.status, r.last_error])).toEqual([
      [c, 'failed', 'bad'],
      [d, 'queued', null],
    ]);
    expect(b).toEqual(expect.any(Number));
    expect((await claim(100))?.id).toBe(d);
    await updateJobDone(t.store.db, d!, 200);
    expect(await deleteFinishedJobs(t.store.db, 200)).toBe(0);
    expect(await deleteFinishedJobs(t.store.db, 201)).toBe(1);
    expect((await statuses()).map((r) => r.id)).toEqual([c]);
  });
});
