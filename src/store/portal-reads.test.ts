import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../tests/support/store-engines.js';
import type { Queryable } from './store.js';
import { listClientDocuments } from './documents/list-client-documents.js';
import { listClientNewReplies } from './conversations/list-client-new-replies.js';
import { listProjectMessages } from './conversations/list-project-messages.js';
import { countUnreadMessages } from './conversations/count-unread-messages.js';
import { markThreadRead } from './conversations/mark-thread-read.js';
import { listClientActions } from './portal-actions/list-client-actions.js';
import { findSessionByHash } from './sessions/find-session-by-hash.js';
import { updateSessionLastSeen } from './sessions/update-session-last-seen.js';
import { updateSessionEnded } from './sessions/update-session-ended.js';
import { listClientPortalPeople } from './portal-users/list-client-portal-people.js';
import { updateUserTimeZone } from './portal-users/update-user-time-zone.js';
import { findAccountFacts } from './portal-users/find-account-facts.js';
import { jsonText } from '../../tests/support/json-text.js';
import { listLiveConnections } from './connections/list-live-connections.js';

/** The portal's other per-request reads on both engines: each asked about one client, never answering with another's row. */
type Id = 'deletedDoc' | 'deletedProject' | 'invoiceDoc' | 'm1' | 'm2' | 'm3' | 'm4' | 'myAction' | 'myInvoice' | 'myOtherAction' | 'myTask' | 'projectDoc' | 'taskDoc' | 'theirAction' | 'theirDoc';

interface World {
  ws: number;
  mine: number;
  theirs: number;
  conn: number;
  myProject: number;
  theirProject: number;
  myUser: number;
  theirUser: number;
  ids: Record<Id, number>;
}

async function seed(q: Queryable): Promise<World> {
  const ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const client = async (name: string) => (await q.insertInto('clients').values({ workspace_id: ws, name, created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const mine = await client('Northwind');
  const theirs = await client('Globex');
  const conn = (await q.insertInto('connections').values({ workspace_id: ws, provider: 'asana', label: 'a', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  await q.insertInto('connections').values({ workspace_id: ws, provider: 'xero', label: 'x', auth_type: 'oauth', status: 'disconnected', created_at: 1, updated_at: 1 }).execute();
  let n = 0;
  const record = async (kind: string, clientId: number, data: object, deleted = 0) =>
    (
      await q
        .insertInto('records')
        .values({ workspace_id: ws, connection_id: conn, provider: 'asana', object_type: kind, external_id: `${kind}-${++n}`, kind, data: JSON.stringify(data), raw: '{}', content_hash: `h${n}`, synced_at: 1, client_id: clientId, deleted })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const myProject = await record('project', mine, { name: 'Website' });
  const theirProject = await record('project', theirs, { name: 'Secret' });
  const ids = {} as Record<Id, number>;
  ids.myTask = await record('task', mine, { name: 'Copy', clientVisible: true });
  ids.myInvoice = await record('invoice', mine, { number: 'A-1' });
  ids.deletedProject = await record('project', mine, { name: 'Gone' }, 1);
  const doc = async (parent: number, sourceId: string, createdAt: string | null) =>
    (
      await q
        .insertInto('documents')
        .values({ workspace_id: ws, connection_id: conn, provider: 'asana', parent_record_id: parent, source_id: sourceId, name: `${sourceId}.pdf`, size_bytes: 10, content_type: 'application/pdf', source_created_at: createdAt, locator: '{"gid":"1"}', listed_at: 5 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  ids.projectDoc = await doc(myProject, 'p', '2026-01-01');
  ids.taskDoc = await doc(ids.myTask, 't', '2026-02-01');
  ids.invoiceDoc = await doc(ids.myInvoice, 'i', null);
  ids.theirDoc = await doc(theirProject, 'x', '2026-03-01');
  ids.deletedDoc = await doc(ids.deletedProject, 'g', '2026-03-02');
  const message = async (project: number, externalId: string, at: number, portalActionId: number | null = null) =>
    (
      await q
        .insertInto('conversation_messages')
        .values({ workspace_id: ws, connection_id: conn, project_record_id: project, external_id: externalId, author_name: 'Team', body: `body ${externalId}`, source_created_at: at, portal_action_id: portalActionId, seen_at: 1 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const user = async (clientId: number, email: string, status = 'active') =>
    (await q.insertInto('portal_users').values({ workspace_id: ws, client_id: clientId, email, name: email.split('@')[0]!, status, created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const myUser = await user(mine, 'ann@northwind.example');
  await user(mine, 'off@northwind.example', 'disabled');
  const theirUser = await user(theirs, 'hank@globex.example');
  const action = async (clientId: number, operation: string, key: string, status = 'pending') =>
    (
      await q
        .insertInto('portal_actions')
        .values({ workspace_id: ws, client_id: clientId, connection_id: conn, operation, idempotency_key: key, payload: '{"body":"hi"}', status, created_at: 1, updated_at: 1 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  ids.myAction = await action(mine, 'addConversationComment', 'k1');
  ids.myOtherAction = await action(mine, 'createRequest', 'k2', 'failed');
  ids.theirAction = await action(theirs, 'addConversationComment', 'k3');
  ids.m1 = await message(myProject, 'm1', 100);
  ids.m2 = await message(theirProject, 'm2', 101);
  ids.m3 = await message(myProject, 'm3', 102, ids.myAction);
  ids.m4 = await message(myProject, 'm4', 103);
  return { ws, mine, theirs, conn, myProject, theirProject, myUser, theirUser, ids };
}

describe.each(STORE_ENGINES)('the portal’s per-request reads on %s', (engine) => {
  let t: TestStore;
  let w: World;
  beforeAll(async () => {
    t = await openTestStore(engine);
    w = await seed(t.store.db);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('lists documents on the client’s live records of the kinds asked for, newest first; another client’s document is never returned', async () => {
    const docs = await listClientDocuments(t.store.db, w.mine, ['project', 'task', 'invoice']);
    expect(docs.map((d) => d.id)).toEqual([w.ids.taskDoc, w.ids.projectDoc, w.ids.invoiceDoc]);
    expect(docs[0]).toMatchObject({ parent_kind: 'task', parent_connection_id: w.conn, parent_data: jsonText({ name: 'Copy', clientVisible: true }), locator: '{"gid":"1"}', size_bytes: 10 });
    expect((await listClientDocuments(t.store.db, w.mine, ['invoice'])).map((d) => d.id)).toEqual([w.ids.invoiceDoc]);
    expect(await listClientDocuments(t.store.db, w.mine, ['project'], w.ids.theirDoc)).toEqual([]);
    expect(await listClientDocuments(t.store.db, w.mine, ['project'], w.ids.deletedDoc)).toEqual([]);
    expect((await listClientDocuments(t.store.db, w.theirs, ['project', 'task', 'invoice'])).map((d) => d.id)).toEqual([w.ids.theirDoc]);
    expect(await listClientDocuments(t.store.db, w.mine, [])).toEqual([]);
  });

  it('tells the team’s new replies on the client’s projects only, never the client’s own', async () => {
    const replies = await listClientNewReplies(t.store.db, w.mine, 0, w.ids.m4, 10);
    expect(replies.map((r) => r.id)).toEqual([w.ids.m4, w.ids.m1]);
    expect(replies[1]).toEqual({ id: w.ids.m1, authorName: 'Team', sourceCreatedAt: 100, projectRecordId: w.myProject, provider: 'asana', projectData: jsonText({ name: 'Website' }) });
    expect((await listClientNewReplies(t.store.db, w.mine, w.ids.m1, w.ids.m4, 10)).map((r) => r.id)).toEqual([w.ids.m4]);
    expect((await listClientNewReplies(t.store.db, w.theirs, 0, w.ids.m4, 10)).map((r) => r.id)).toEqual([w.ids.m2]);
  });

  it('reads a thread, counts unread per user, and marks it read without ever moving the mark back', async () => {
    expect((await listProjectMessages(t.store.db, w.myProject)).map((m) => [m.externalId, m.portalActionId])).toEqual([['m1', null], ['m3', w.ids.myAction], ['m4', null]]);
    expect(await countUnreadMessages(t.store.db, w.myUser, [w.myProject])).toEqual(new Map([[w.myProject, 2]]));
    expect(await countUnreadMessages(t.store.db, w.myUser, [])).toEqual(new Map());
    await markThreadRead(t.store.db, w.myUser, w.myProject, 50);
    expect(await countUnreadMessages(t.store.db, w.myUser, [w.myProject])).toEqual(new Map());
    await t.store.db.updateTable('conversation_reads').set({ last_read_message_id: w.ids.m4 + 100 }).where('portal_user_id', '=', w.myUser).execute();
    await markThreadRead(t.store.db, w.myUser, w.myProject, 60);
    const read = await t.store.db.selectFrom('conversation_reads').select(['last_read_message_id', 'read_at']).where('portal_user_id', '=', w.myUser).executeTakeFirstOrThrow();
    expect(read).toEqual({ last_read_message_id: w.ids.m4 + 100, read_at: 60 });
    await markThreadRead(t.store.db, w.myUser, 999_999, 70);
  });

  it('lists the client’s portal actions newest first, by operation and status; another client’s action is never returned', async () => {
    expect((await listClientActions(t.store.db, w.mine)).map((a) => a.id)).toEqual([w.ids.myOtherAction, w.ids.myAction]);
    const [comment] = await listClientActions(t.store.db, w.mine, { operation: 'addConversationComment' });
    expect(comment).toMatchObject({ id: w.ids.myAction, clientId: w.mine, connectionId: w.conn, status: 'pending', payload: { body: 'hi' }, attempts: 0 });
    expect((await listClientActions(t.store.db, w.mine, { status: ['failed'] })).map((a) => a.id)).toEqual([w.ids.myOtherAction]);
    expect((await listClientActions(t.store.db, w.theirs)).map((a) => a.id)).toEqual([w.ids.theirAction]);
  });

  it('reads a session with its user and client, moves last_seen_at only forward, and ends it once', async () => {
    await t.store.db.insertInto('sessions').values({ id_hash: 'hash-1', user_id: w.myUser, csrf_token: 'csrf', created_at: 10, last_seen_at: 20, expires_at: 1000 }).execute();
    expect(await findSessionByHash(t.store.db, 'hash-1')).toEqual({
      userId: w.myUser, csrfToken: 'csrf', createdAt: 10, lastSeenAt: 20, expiresAt: 1000, endedAt: null, clientId: w.mine, workspaceId: w.ws,
      name: 'ann', email: 'ann@northwind.example', role: 'client_admin', userStatus: 'active', clientStatus: 'active', mfaState: 'not_required', mfaVerifiedAt: null, hasPassword: false, timeZone: null,
    });
    await updateSessionLastSeen(t.store.db, 'hash-1', 30);
    await updateSessionLastSeen(t.store.db, 'hash-1', 25);
    expect((await findSessionByHash(t.store.db, 'hash-1'))?.lastSeenAt).toBe(30);
    expect(await updateSessionEnded(t.store.db, 'hash-1', 40)).toBe(true);
    expect(await updateSessionEnded(t.store.db, 'hash-1', 50)).toBe(false);
    expect((await findSessionByHash(t.store.db, 'hash-1'))?.endedAt).toBe(40);
    expect(await findSessionByHash(t.store.db, 'no-such-hash')).toBeUndefined();
  });

  it('reads the client’s people, a user’s time zone and account facts', async () => {
    expect(await listClientPortalPeople(t.store.db, w.mine)).toEqual([{ email: 'ann@northwind.example', name: 'ann' }]);
    const zoneOf = async (userId: number) => (await t.store.db.selectFrom('portal_users').select('time_zone').where('id', '=', userId).executeTakeFirst())?.time_zone ?? null;
    expect(await zoneOf(w.myUser)).toBeNull();
    expect(await updateUserTimeZone(t.store.db, w.myUser, 'Europe/Paris')).toBe(true);
    expect(await updateUserTimeZone(t.store.db, w.myUser, 'Europe/Paris')).toBe(false);
    expect(await zoneOf(w.myUser)).toBe('Europe/Paris');
    expect(await zoneOf(w.theirUser)).toBeNull();
    await t.store.db.insertInto('portal_user_totp').values({ user_id: w.myUser, secret_sealed: 's', created_at: 1, confirmed_at: 2 }).execute();
    await t.store.db.insertInto('recovery_codes').values([{ user_id: w.myUser, code_hash: 'a', created_at: 1 }, { user_id: w.myUser, code_hash: 'b', created_at: 1, used_at: 5 }, { user_id: w.theirUser, code_hash: 'c', created_at: 1 }]).execute();
    expect(await findAccountFacts(t.store.db, w.myUser)).toEqual({ clientName: 'Northwind', notifyMode: expect.any(String), passwordChangedAt: null, twoFactorOn: true, recoveryCodesLeft: 1 });
    expect(await findAccountFacts(t.store.db, w.theirUser)).toMatchObject({ clientName: 'Globex', twoFactorOn: false, recoveryCodesLeft: 1 });
    expect(await findAccountFacts(t.store.db, 424242)).toBeUndefined();
  });

  it('lists the workspace’s connections that are not disconnected', async () => {
    expect(await listLiveConnections(t.store.db, w.ws)).toMatchObject([{ id: w.conn, provider: 'asana' }]);
    expect(await listLiveConnections(t.store.db, 424242)).toEqual([]);
  });
});
