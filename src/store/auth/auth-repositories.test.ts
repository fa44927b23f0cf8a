/**
 * The sign-in repositories on both engines: links used once (also under concurrent use on
 * PostgreSQL's pool), sessions ended by id, by user and by their rowid handle, colleagues listed by
 * name without case, and the e-mail lookup without case (NOCASE on SQLite, citext on PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { insertAuthToken } from './insert-auth-token.js';
import { useAuthToken } from './use-auth-token.js';
import { findAuthTokenState } from './find-auth-token-state.js';
import { revokeAuthTokens } from './revoke-auth-tokens.js';
import { findLinkBinding } from './find-link-binding.js';
import { insertSession } from './insert-session.js';
import { endSessions } from './end-sessions.js';
import { findSignInUser } from './find-sign-in-user.js';
import { updatePortalUser } from './update-portal-user.js';
import { listActiveSessions } from '../team/list-active-sessions.js';
import { listColleagues } from '../team/list-colleagues.js';
import { insertOutboxMessage } from '../mail/insert-outbox-message.js';

const T0 = 1_800_000_000_000;

describe.each(STORE_ENGINES)('sign-in repositories on %s', (engine) => {
  let t: TestStore;
  let workspaceId: number;
  let clientId: number;
  const users: Record<string, number> = {};
  beforeAll(async () => {
    t = await openTestStore(engine, { poolSize: 8 });
    workspaceId = (await t.store.db.insertInto('workspaces').values({ slug: 'w', name: 'W', created_at: 0 }).returning('id').executeTakeFirstOrThrow()).id;
    clientId = (await t.store.db.insertInto('clients').values({ workspace_id: workspaceId, name: 'Northwind', created_at: 0, updated_at: 0 }).returning('id').executeTakeFirstOrThrow()).id;
    for (const [name, status] of [['bella', 'active'], ['Adam', 'invited'], ['carl', 'disabled']] as const) {
      users[name] = (
        await t.store.db
          .insertInto('portal_users')
          .values({ workspace_id: workspaceId, client_id: clientId, email: `${name.toLowerCase()}@northwind.example`, name, status, created_at: 0 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const token = (hash: string, userId: number, purpose = 'sign_in', expiresAt = T0 + 600_000) =>
    insertAuthToken(t.store.db, { tokenHash: hash, userId, purpose, createdAt: T0, expiresAt, browserHash: 'b1' });

  it('uses a link once, even when 10 connections try at the same moment', async () => {
    await token('h-once', users.bella!);
    const tries = await Promise.all(Array.from({ length: 10 }, () => t.store.transaction((tx) => useAuthToken(tx, 'h-once', T0 + 1))));
    expect(tries.filter((r) => r !== null)).toEqual([{ userId: users.bella, purpose: 'sign_in' }]);
    expect(await findAuthTokenState(t.store.db, 'h-once')).toMatchObject({ usedAt: T0 + 1, userStatus: 'active', clientStatus: 'active' });
  });

  it('leaves links of disabled users and expired or revoked links unused', async () => {
    await token('h-carl', users.carl!);
    await token('h-old', users.bella!, 'sign_in', T0);
    await token('h-rev', users.bella!, 'invitation');
    expect(await revokeAuthTokens(t.store.db, users.bella!, T0, 'invitation')).toBe(1);
    for (const hash of ['h-carl', 'h-old', 'h-rev']) expect(await useAuthToken(t.store.db, hash, T0 + 1)).toBeNull();
    expect(await findAuthTokenState(t.store.db, 'h-carl')).toMatchObject({ usedAt: null, userStatus: 'disabled' });
    expect(await findLinkBinding(t.store.db, 'h-carl', T0 + 1)).toEqual({ browserHash: 'b1', email: 'carl@northwind.example', userId: users.carl });
    expect(await findLinkBinding(t.store.db, 'h-old', T0 + 1)).toBeNull();
  });

  it('finds a sign-in user by address whatever its case, never a disabled one; changes a user only in the state asked', async () => {
    expect(await findSignInUser(t.store.db, workspaceId, 'BELLA@Northwind.example')).toMatchObject({ userId: users.bella, status: 'active', passwordHash: null });
    expect(await findSignInUser(t.store.db, workspaceId, 'carl@northwind.example')).toBeNull();
    expect(await updatePortalUser(t.store.db, users.adam!, { status: 'active' }, { status: 'active' })).toBe(false);
    expect(await updatePortalUser(t.store.db, users.bella!, { password_hash: 'x' }, { clientId: clientId + 1 })).toBe(false);
  });

  it('lists colleagues by name without case, with the newest open invitation’s expiry', async () => {
    await token('h-inv', users.Adam!, 'invitation', T0 + 7_000);
    const list = await listColleagues(t.store.db, clientId);
    expect(list.map((c) => [c.name, c.invitationExpiresAt])).toEqual([['Adam', T0 + 7_000], ['bella', null]]);
    expect(await listColleagues(t.store.db, clientId, { userId: users.carl! })).toEqual([]);
  });

  it('lists live sessions newest first with a rowid handle, and ends one by handle but never the current one', async () => {
    const base = { userId: users.bella!, csrfToken: 'c', expiresAt: T0 + 3_600_000, userAgent: null, ip: null, mfaState: 'not_required', mfaVerifiedAt: null, authMethod: 'password' };
    await insertSession(t.store.db, { ...base, idHash: 's-1', createdAt: T0 });
    await insertSession(t.store.db, { ...base, idHash: 's-2', createdAt: T0 + 1000 });
    await insertSession(t.store.db, { ...base, idHash: 's-3', createdAt: T0 + 2000 });
    const bounds = { now: T0 + 5000, seenAfter: T0 - 1, createdAfter: T0 - 1 };
    const live = await listActiveSessions(t.store.db, users.bella!, bounds);
    expect(live.map((s) => s.idHash)).toEqual(['s-3', 's-2', 's-1']);
    expect(live.every((s) => Number.isInteger(s.handle) && s.handle > 0)).toBe(true);
    const [three, two] = live;
    expect(await endSessions(t.store.db, { userId: users.bella!, handle: three!.handle, exceptIdHash: 's-3' }, T0 + 6000)).toBe(0);
    expect(await endSessions(t.store.db, { userId: users.Adam!, handle: two!.handle, exceptIdHash: 's-3' }, T0 + 6000)).toBe(0);
    expect(await endSessions(t.store.db, { userId: users.bella!, handle: two!.handle, exceptIdHash: 's-3' }, T0 + 6000)).toBe(1);
    expect(await endSessions(t.store.db, { idHash: 's-2' }, T0 + 7000)).toBe(0);
    expect(await endSessions(t.store.db, { userId: users.bella!, exceptIdHash: 's-3' }, T0 + 7000)).toBe(1);
    expect((await listActiveSessions(t.store.db, users.bella!, bounds)).map((s) => s.idHash)).toEqual(['s-3']);
  });

  it('queues a message in the outbox and gives its id', async () => {
    const id = await insertOutboxMessage(t.store.db, { workspaceId, kind: 'sign_in_link', to: 'bella@northwind.example', subject: 'S', text: 'T', headers: { 'X-A': '1' } }, T0);
    expect(await t.store.db.selectFrom('outbox_messages').select(['kind', 'headers', 'status']).where('id', '=', id).executeTakeFirst()).toEqual({ kind: 'sign_in_link', headers: '{"X-A":"1"}', status: 'pending' });
  });
});
