import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import type { NewAction } from '../../outbox/portal-action.js';
import { insertPortalAction } from './insert-portal-action.js';
import { findPortalAction } from './find-portal-action.js';
import { findPortalActionByKey } from './find-portal-action-by-key.js';
import { listClientActions } from './list-client-actions.js';
import { listStalePendingActions } from './list-stale-pending-actions.js';
import { listUndeliveredActions } from './list-undelivered-actions.js';
import { updateActionAttempts } from './update-action-attempts.js';
import { updateActionDone } from './update-action-done.js';
import { updateActionError } from './update-action-error.js';
import { updateActionFailed } from './update-action-failed.js';
import { updateActionReopened } from './update-action-reopened.js';
import { insertDeadLetter } from '../sync/insert-dead-letter.js';

describe.each(STORE_ENGINES)('portal action repositories on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  let mine: number;
  let theirs: number;
  let conn: number;
  const action = (clientId: number, key: string): NewAction => ({ workspaceId: ws, clientId, portalUserId: null, connectionId: conn, operation: 'createRequest', idempotencyKey: key, payload: { subject: `subject ${key}` } });

  beforeAll(async () => {
    t = await openTestStore(engine);
    const q = t.store.db;
    ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    mine = (await q.insertInto('clients').values({ workspace_id: ws, name: 'Mine', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    theirs = (await q.insertInto('clients').values({ workspace_id: ws, name: 'Theirs', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    conn = (await q.insertInto('connections').values({ workspace_id: ws, provider: 'hubspot', label: 'h', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('stores an idempotency key once under 10 concurrent inserts, each caller getting the one action', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => t.store.transaction((tx) => insertPortalAction(tx, action(mine, 'same-form'), 100))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.action.id)).size).toBe(1);
    const count = await t.store.db.selectFrom('portal_actions').select((eb) => eb.fn.countAll().as('n')).where('idempotency_key', '=', 'same-form').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect(await findPortalActionByKey(t.store.db, 'same-form')).toMatchObject({ clientId: mine, status: 'pending', attempts: 0, payload: { subject: 'subject same-form' }, createdAt: 100 });
  });

  it('moves pending → done, and pending → failed → pending again on a staff retry', async () => {
    const { action: done } = await insertPortalAction(t.store.db, action(mine, 'to-done'), 200);
    await updateActionAttempts(t.store.db, done.id, 210);
    await updateActionError(t.store.db, done.id, 'HubSpot 502', 220);
    expect(await findPortalAction(t.store.db, done.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HubSpot 502', updatedAt: 220 });
    await updateActionAttempts(t.store.db, done.id, 230);
    await updateActionDone(t.store.db, done.id, { objectType: 'tickets', externalId: 'T-1' }, 240);
    expect(await findPortalAction(t.store.db, done.id)).toMatchObject({ status: 'done', attempts: 2, lastError: null, resultObjectType: 'tickets', resultExternalId: 'T-1', doneAt: 240 });

    const { action: failed } = await insertPortalAction(t.store.db, action(mine, 'to-fail'), 300);
    const letter = await insertDeadLetter(t.store.db, { workspaceId: ws, connectionId: conn, provider: 'hubspot', objectType: 'portal_action', externalId: String(failed.id), stage: 'processing', reason: 'HubSpot 400', payload: {}, sourceUpdatedAt: null }, 310);
    await t.store.transaction(async (tx) => {
      await updateActionAttempts(tx, failed.id, 305);
      await updateActionFailed(tx, failed.id, 'HubSpot 400', letter, 310);
    });
    expect(await findPortalAction(t.store.db, failed.id)).toMatchObject({ status: 'failed', lastError: 'HubSpot 400', deadLetterId: letter, attempts: 1 });
    expect((await listUndeliveredActions(t.store.db, ws)).map((a) => a.idempotencyKey)).toContain('to-fail');
    await updateActionReopened(t.store.db, failed.id, 400);
    expect(await findPortalAction(t.store.db, failed.id)).toMatchObject({ status: 'pending', attempts: 0, deadLetterId: null, updatedAt: 400 });
    expect((await listStalePendingActions(t.store.db, 401)).map((a) => a.idempotencyKey)).toEqual(['same-form', 'to-fail']);
    expect((await listStalePendingActions(t.store.db, 150)).map((a) => a.idempotencyKey)).toEqual(['same-form']);
  });

  it('lists per client, never another client’s action, even under a key the other client used', async () => {
    await insertPortalAction(t.store.db, action(theirs, 'their-form'), 500);
    const reused = await insertPortalAction(t.store.db, action(mine, 'their-form'), 510);
    expect(reused).toMatchObject({ created: false, action: { clientId: theirs } });
    const listed = await listClientActions(t.store.db, mine);
    expect(listed.every((a) => a.clientId === mine)).toBe(true);
    expect(listed.map((a) => a.idempotencyKey)).toEqual(['to-fail', 'to-done', 'same-form']);
    expect((await listClientActions(t.store.db, theirs)).map((a) => a.idempotencyKey)).toEqual(['their-form']);
    expect((await listClientActions(t.store.db, mine, { status: ['done'] })).map((a) => a.idempotencyKey)).toEqual(['to-done']);
    expect(await findPortalAction(t.store.db, 999_999)).toBeUndefined();
  });
});
