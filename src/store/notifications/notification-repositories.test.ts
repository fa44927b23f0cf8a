import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { setNotificationMode } from '../../notifications/set-notification-mode.js';
import { listDigestSubscribers } from './list-digest-subscribers.js';
import { findLatestActivityIds } from './find-latest-activity-ids.js';
import { updateDigestCursor } from './update-digest-cursor.js';
import { findNotifyMode } from './find-notify-mode.js';
import { updateNotifyMode } from './update-notify-mode.js';

/** Email preferences and digest cursors on both engines (issue 15). */
describe.each(STORE_ENGINES)('notification repositories on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  let client: number;
  let offboarded: number;
  let record: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    const q = t.store.db;
    ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    client = (await q.insertInto('clients').values({ workspace_id: ws, name: 'Northwind', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    offboarded = (await q.insertInto('clients').values({ workspace_id: ws, name: 'Gone', status: 'offboarded', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const conn = (await q.insertInto('connections').values({ workspace_id: ws, provider: 'hubspot', label: 'crm', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    record = (await q.insertInto('records').values({ workspace_id: ws, connection_id: conn, provider: 'hubspot', object_type: 'deals', external_id: '1', kind: 'deal', data: '{}', raw: '{}', content_hash: 'h', synced_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const user = async (email: string, clientId: number, status = 'active') =>
    (await t.store.db.insertInto('portal_users').values({ workspace_id: ws, client_id: clientId, email, name: email.split('@')[0]!, role: 'member', status, created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const change = async () => (await t.store.db.insertInto('record_changes').values({ record_id: record, version: 1, at: 1, change: 'updated' }).returning('id').executeTakeFirstOrThrow()).id;

  it('turns emails on from now, lists subscribers and moves their cursors once', async () => {
    const q = t.store.db;
    expect(await findLatestActivityIds(q)).toEqual({ changeId: 0, messageId: 0 });
    const ann = await user('ann@northwind.example', client);
    const bob = await user('bob@northwind.example', client);
    const removed = await user('rex@northwind.example', client, 'disabled');
    const gone = await user('gus@gone.example', offboarded);
    const first = await change();
    await change();
    const latest = await change();
    expect(await findLatestActivityIds(q)).toEqual({ changeId: latest, messageId: 0 });

    expect(await findNotifyMode(q, ann)).toBe('off');
    expect(await findNotifyMode(q, 424242)).toBeUndefined();
    // From off: the cursor jumps to the newest change and notified_at to now; between on modes it stays.
    await updateNotifyMode(q, ann, 'daily', 500);
    await q.updateTable('portal_users').set({ notify_after_change_id: first }).where('id', '=', ann).execute();
    await updateNotifyMode(q, ann, 'immediate', 600);
    expect(await q.selectFrom('portal_users').select(['notify_mode', 'notify_after_change_id', 'notified_at']).where('id', '=', ann).executeTakeFirstOrThrow()).toEqual({ notify_mode: 'immediate', notify_after_change_id: first, notified_at: 500 });

    // The service: audited in its transaction; an unknown user is refused; the same mode changes nothing.
    expect(await setNotificationMode({ store: t.store }, { userId: bob, workspaceId: ws, clientId: client }, 'daily', 'account', '203.0.113.9', 700)).toBe(true);
    expect(await setNotificationMode({ store: t.store }, { userId: bob, workspaceId: ws, clientId: client }, 'daily', 'account', null, 701)).toBe(true);
    expect(await setNotificationMode({ store: t.store }, { userId: 424242, workspaceId: ws, clientId: client }, 'daily', 'account', null, 702)).toBe(false);
    for (const id of [removed, gone]) await updateNotifyMode(q, id, 'immediate', 700);
    const audit = await q.selectFrom('audit_log').select(['action', 'actor_id', 'ip', 'details']).execute();
    expect(audit).toEqual([{ action: 'portal.notifications_changed', actor_id: String(bob), ip: '203.0.113.9', details: JSON.stringify({ from: 'off', to: 'daily', via: 'account' }) }]);

    const subscribers = await listDigestSubscribers(q);
    expect(subscribers).toEqual([
      { userId: ann, workspaceId: ws, clientId: client, clientName: 'Northwind', name: 'ann', email: 'ann@northwind.example', role: 'member', mode: 'immediate', afterChangeId: first, afterMessageId: 0, notifiedAt: 500 },
      { userId: bob, workspaceId: ws, clientId: client, clientName: 'Northwind', name: 'bob', email: 'bob@northwind.example', role: 'member', mode: 'daily', afterChangeId: latest, afterMessageId: 0, notifiedAt: 700 },
    ]);

    // Compare-and-set: of two workers holding the same read, one moves the cursor.
    const read = subscribers[0]!;
    const moves = await Promise.all([1, 2].map(() => t.store.transaction((tx) => updateDigestCursor(tx, read, { changeId: latest, messageId: 0, notifiedAt: 900 }))));
    expect(moves.filter(Boolean)).toHaveLength(1);
    expect(await updateDigestCursor(q, { ...subscribers[1]!, afterChangeId: latest }, { changeId: latest + 1, messageId: 0 })).toBe(true);
    expect(await q.selectFrom('portal_users').select(['id', 'notify_after_change_id', 'notified_at']).where('id', 'in', [ann, bob]).orderBy('id').execute()).toEqual([
      { id: ann, notify_after_change_id: latest, notified_at: 900 },
      { id: bob, notify_after_change_id: latest + 1, notified_at: 700 },
    ]);
  });
});
