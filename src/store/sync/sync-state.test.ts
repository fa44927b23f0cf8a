import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { upsertRecord } from '../../records/upsert-record.js';
import { ensureSyncCursor } from './ensure-sync-cursor.js';
import { takeSyncLease } from './take-sync-lease.js';
import { renewSyncLease } from './renew-sync-lease.js';
import { releaseSyncLease } from './release-sync-lease.js';
import { findSyncCursor } from './find-sync-cursor.js';
import { insertSyncRun } from './insert-sync-run.js';
import { updateSyncRunProgress } from './update-sync-run-progress.js';
import { findSyncRun } from './find-sync-run.js';
import { interruptDeadSyncRuns } from './interrupt-dead-sync-runs.js';
import { interruptRunningSyncRun } from './interrupt-running-sync-run.js';
import { listSyncRuns } from './list-sync-runs.js';
import { findLastSyncStart } from './find-last-sync-start.js';
import { recordDeadLetter, closeDeadLettersOnCleanSync, CLOSED_BY_CLEAN_SYNC_NOTE } from '../../sync/dead-letters.js';
import { listDeadLetters } from './list-dead-letters.js';
import { findDeadLetter } from './find-dead-letter.js';
import { resolveDeadLetter } from './resolve-dead-letter.js';

describe.each(STORE_ENGINES)('sync state on %s', (engine) => {
  let t: TestStore;
  let workspaceId: number;
  let connectionId: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    workspaceId = (await t.store.db.insertInto('workspaces').values({ slug: 'w', name: 'W', created_at: 0 }).returning('id').executeTakeFirstOrThrow()).id;
    connectionId = (
      await t.store.db
        .insertInto('connections')
        .values({ workspace_id: workspaceId, provider: 'hubspot', label: 'env', auth_type: 'token', created_at: 0, updated_at: 0 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const record = (externalId: string, at: number) => ({
    workspaceId,
    connectionId,
    provider: 'hubspot',
    objectType: 'companies',
    externalId,
    kind: 'company' as const,
    data: { name: externalId },
    raw: { id: externalId, at },
    sourceUpdatedAt: at,
    deleted: false,
  });

  it('commits a page with its cursor, or neither', async () => {
    const stream = { connectionId, objectType: 'companies' };
    await ensureSyncCursor(t.store.db, connectionId, 'companies', 1);
    await ensureSyncCursor(t.store.db, connectionId, 'companies', 2); // a second call changes nothing
    expect(await findSyncCursor(t.store.db, connectionId, 'companies')).toBeNull();
    expect(await takeSyncLease(t.store.db, stream, 'worker-a', 10_000, 1_000)).toBe(true);
    const runId = await insertSyncRun(t.store.db, { connectionId, objectType: 'companies', mode: 'backfill', workerId: 'worker-a', startedAt: 1_000, cursorStart: null, resumedFromRunId: null });

    // Page 1 commits: its records, the cursor and the run's counters together.
    await t.store.transaction(async (tx) => {
      expect(await renewSyncLease(tx, stream, 'worker-a', 20_000, { cursor: '"page-1"', at: 1_100 })).toBe(true);
      await upsertRecord(tx, record('1', 100));
      await upsertRecord(tx, record('2', 100));
      await updateSyncRunProgress(tx, runId, { added: 2, updated: 0, unchanged: 0, deleted: 0, deadLettered: 0, cursorEnd: '"page-1"', estimatedTotal: 4, at: 1_100 });
    });
    // Page 2 fails after writing a record and moving the cursor: none of it stays.
    await expect(
      t.store.transaction(async (tx) => {
        await renewSyncLease(tx, stream, 'worker-a', 30_000, { cursor: '"page-2"', at: 1_200 });
        await upsertRecord(tx, record('3', 100));
        await updateSyncRunProgress(tx, runId, { added: 3, updated: 0, unchanged: 0, deleted: 0, deadLettered: 0, cursorEnd: '"page-2"', estimatedTotal: null, at: 1_200 });
        throw new Error('the process died mid-page');
      }),
    ).rejects.toThrow('the process died mid-page');

    expect(await findSyncCursor(t.store.db, connectionId, 'companies')).toBe('"page-1"');
    const ids = (await t.store.db.selectFrom('records').select('external_id').where('connection_id', '=', connectionId).orderBy('external_id').execute()).map((r) => r.external_id);
    expect(ids).toEqual(['1', '2']);
    expect(await findSyncRun(t.store.db, runId)).toMatchObject({ pages: 1, added: 2, cursorEnd: '"page-1"', status: 'running' });
    // A page without the provider's count keeps the last one.
    await updateSyncRunProgress(t.store.db, runId, { added: 2, updated: 0, unchanged: 0, deleted: 0, deadLettered: 0, cursorEnd: '"page-1"', estimatedTotal: null, at: 1_300 });
    expect((await t.store.db.selectFrom('sync_runs').select(['estimated_total', 'pages']).where('id', '=', runId).executeTakeFirstOrThrow())).toEqual({ estimated_total: 4, pages: 2 });
  });

  it('gives a stream to one worker at a time, and to another once the lease lapses', async () => {
    const stream = { connectionId, objectType: 'deals' };
    await ensureSyncCursor(t.store.db, connectionId, 'deals', 1);
    expect(await takeSyncLease(t.store.db, stream, 'worker-a', 5_000, 1_000)).toBe(true);
    expect(await takeSyncLease(t.store.db, stream, 'worker-b', 6_000, 2_000)).toBe(false);
    // A change stream's holder keeps its own lease on each check.
    expect(await takeSyncLease(t.store.db, stream, 'worker-a', 7_000, 2_000, { renewOwn: true })).toBe(true);
    // worker-a stops renewing (it died): after the lease lapses, worker-b takes over; worker-a's late write is refused.
    expect(await takeSyncLease(t.store.db, stream, 'worker-b', 20_000, 8_000)).toBe(true);
    expect(await renewSyncLease(t.store.db, stream, 'worker-a', 30_000, { cursor: '"stale"', at: 8_100 })).toBe(false);
    expect(await findSyncCursor(t.store.db, connectionId, 'deals')).toBeNull();
    await releaseSyncLease(t.store.db, stream, 'worker-a'); // not its lease: nothing happens
    expect(await takeSyncLease(t.store.db, stream, 'worker-c', 30_000, 9_000)).toBe(false);
    await releaseSyncLease(t.store.db, stream, 'worker-b');
    expect(await takeSyncLease(t.store.db, stream, 'worker-c', 30_000, 9_000)).toBe(true);
  });

  it('closes runs whose worker stopped beating, and a running orphan when a new run takes the stream', async () => {
    const base = { connectionId, mode: 'incremental' as const, workerId: 'w', cursorStart: null, resumedFromRunId: null };
    const fresh = await insertSyncRun(t.store.db, { ...base, objectType: 'contacts', startedAt: 100_000 });
    const dead = await insertSyncRun(t.store.db, { ...base, objectType: 'owners', startedAt: 10_000 });
    const interrupted = await interruptDeadSyncRuns(t.store.db, 60_000, 100_500);
    expect(interrupted.map((r) => r.id)).toContain(dead);
    expect(interrupted.map((r) => r.id)).not.toContain(fresh);
    expect(await findSyncRun(t.store.db, dead)).toMatchObject({ status: 'interrupted', finishedAt: 100_500 });
    expect(await interruptRunningSyncRun(t.store.db, connectionId, 'contacts', 100_600, 'taken over')).toBe(fresh);
    expect(await interruptRunningSyncRun(t.store.db, connectionId, 'contacts', 100_700, 'taken over')).toBeNull();
    expect(await findLastSyncStart(t.store.db, connectionId, 'contacts')).toBe(100_000);
    expect(await findLastSyncStart(t.store.db, connectionId, 'nothing')).toBeNull();
    expect((await listSyncRuns(t.store.db, { connectionId, limit: 2 })).map((r) => r.id)).toEqual([dead, fresh]);
  });

  it('keeps one open dead letter per record, closes it on a clean sync of the same or a newer version (audited), not of an older one', async () => {
    const letter = (at: number, reason: string) => ({
      workspaceId,
      connectionId,
      provider: 'hubspot',
      objectType: 'deals',
      externalId: 'D-1',
      stage: 'mapping' as const,
      reason,
      payload: { id: 'D-1', at },
      sourceUpdatedAt: at,
    });
    await t.store.transaction((tx) => recordDeadLetter(tx, letter(100, 'amount "12,50" is not a number')));
    // The same record failing again replaces its open letter (SQLite may even reuse the id).
    const second = await t.store.transaction((tx) => recordDeadLetter(tx, letter(200, 'amount "lots" is not a number')));
    expect((await listDeadLetters(t.store.db, 'open')).filter((l) => l.externalId === 'D-1')).toEqual([
      expect.objectContaining({ id: second, status: 'open', reason: 'amount "lots" is not a number', payload: { id: 'D-1', at: 200 } }),
    ]);
    const key = { workspaceId, connectionId, objectType: 'deals', externalId: 'D-1' };
    // An older clean version proves nothing about the newer failure.
    expect(await t.store.transaction((tx) => closeDeadLettersOnCleanSync(tx, { ...key, sourceUpdatedAt: 150 }, {}, 5_000))).toEqual([]);
    expect(await t.store.transaction((tx) => closeDeadLettersOnCleanSync(tx, { ...key, sourceUpdatedAt: 250 }, {}, 5_000))).toEqual([second]);
    expect(await findDeadLetter(t.store.db, second)).toMatchObject({ status: 'replayed', note: CLOSED_BY_CLEAN_SYNC_NOTE, resolvedAt: 5_000 });
    const audit = await t.store.db.selectFrom('audit_log').select(['actor_type', 'action', 'subject_id']).where('action', '=', 'dead_letter.closed').execute();
    expect(audit).toEqual([{ actor_type: 'system', action: 'dead_letter.closed', subject_id: String(second) }]);
    // A closed letter is not closed (or discarded) again.
    expect(await resolveDeadLetter(t.store.db, second, 'discarded', 'late')).toBe(false);
    const third = await recordDeadLetter(t.store.db, letter(300, 'still wrong'));
    expect(await resolveDeadLetter(t.store.db, third, 'discarded', 'not ours')).toBe(true);
    expect(await findDeadLetter(t.store.db, third)).toMatchObject({ status: 'discarded', note: 'not ours' });
    expect((await listDeadLetters(t.store.db, 'all')).map((l) => l.id)).toEqual([third, second]);
  });
});
