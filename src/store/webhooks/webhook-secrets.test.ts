import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { updateHandshakeSecret } from './update-handshake-secret.js';
import { findWebhookSecret } from './find-webhook-secret.js';
import { upsertExpectedHandshake } from './upsert-expected-handshake.js';
import { upsertWebhookHookSecret } from './upsert-webhook-hook-secret.js';
import { listConnectionHooks } from './list-connection-hooks.js';
import { updateHookRemoteId } from './update-hook-remote-id.js';
import { deleteConnectionHook } from './delete-connection-hook.js';
import { listProviderConnections } from './list-provider-connections.js';
import { updateConnectionSettingsIfUnchanged } from './update-connection-settings-if-unchanged.js';

describe.each(STORE_ENGINES)('webhook secrets and the connections deliveries resolve to, on %s', (engine) => {
  let t: TestStore;
  let one: number;
  let two: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    const ws = await t.store.db.insertInto('workspaces').values({ slug: 'w', name: 'W', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    const add = async (provider: string, label: string, status: string, settings: string) =>
      (
        await t.store.db
          .insertInto('connections')
          .values({ workspace_id: ws.id, provider, label, auth_type: 'token', status, settings, created_at: 1, updated_at: 1 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    one = await add('asana', 'one', 'active', '{}');
    two = await add('asana', 'two', 'unhealthy', '{"accountId":"acct-2"}');
    await add('asana', 'gone', 'disconnected', '{}');
    await add('stripe', 'other', 'active', '{}');
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('accepts a handshake only while its window is open, once, and looks the secret up by provider and hook', async () => {
    expect(await upsertExpectedHandshake(t.store.db, { provider: 'asana', hookId: 'h1', connectionId: one, until: 1_000, now: 500 })).toBe(true);
    // Unknown hook, other provider, window closed: nothing stored.
    expect(await updateHandshakeSecret(t.store.db, { provider: 'asana', hookId: 'nope', secretSealed: 'S', now: 600 })).toBeUndefined();
    expect(await updateHandshakeSecret(t.store.db, { provider: 'stripe', hookId: 'h1', secretSealed: 'S', now: 600 })).toBeUndefined();
    expect(await updateHandshakeSecret(t.store.db, { provider: 'asana', hookId: 'h1', secretSealed: 'S', now: 1_001 })).toBeUndefined();
    expect(await findWebhookSecret(t.store.db, 'asana', 'h1')).toEqual({ secretSealed: null, connectionId: one });

    expect(await upsertExpectedHandshake(t.store.db, { provider: 'asana', hookId: 'h1', connectionId: one, until: 3_000, now: 2_000 })).toBe(true);
    expect(await updateHandshakeSecret(t.store.db, { provider: 'asana', hookId: 'h1', secretSealed: 'sealed-1', now: 2_500 })).toBe(one);
    // The window closed with it: a second handshake (a stranger's replay) cannot replace the secret.
    expect(await updateHandshakeSecret(t.store.db, { provider: 'asana', hookId: 'h1', secretSealed: 'planted', now: 2_600 })).toBeUndefined();
    expect(await findWebhookSecret(t.store.db, 'asana', 'h1')).toEqual({ secretSealed: 'sealed-1', connectionId: one });
    expect(await findWebhookSecret(t.store.db, 'stripe', 'h1')).toBeUndefined();
  });

  it("never takes over another connection's hook, and lists, remembers and forgets a connection's own", async () => {
    expect(await upsertExpectedHandshake(t.store.db, { provider: 'asana', hookId: 'h2', connectionId: one, until: 9_000, now: 1 })).toBe(true);
    expect(await upsertExpectedHandshake(t.store.db, { provider: 'asana', hookId: 'h2', connectionId: two, until: 9_000, now: 2 })).toBe(false);
    expect(await upsertWebhookHookSecret(t.store.db, { provider: 'asana', hookId: 'h2', connectionId: two, remoteId: 'r', secretSealed: 'theirs', now: 3 })).toBe(false);
    expect(await upsertWebhookHookSecret(t.store.db, { provider: 'asana', hookId: 's1', connectionId: two, remoteId: 'we_1', secretSealed: 'whsec', now: 4 })).toBe(true);
    expect(await upsertWebhookHookSecret(t.store.db, { provider: 'asana', hookId: 's1', connectionId: two, remoteId: 'we_2', secretSealed: 'whsec-2', now: 5 })).toBe(true);
    await updateHookRemoteId(t.store.db, { provider: 'asana', hookId: 'h2', connectionId: one, remoteId: 'wh-2', now: 6 });
    // Another connection's hook id is not renamed through this one.
    await updateHookRemoteId(t.store.db, { provider: 'asana', hookId: 's1', connectionId: one, remoteId: 'hijack', now: 7 });
    expect(await listConnectionHooks(t.store.db, 'asana', one)).toEqual([
      { hookId: 'h1', remoteId: null, hasSecret: true },
      { hookId: 'h2', remoteId: 'wh-2', hasSecret: false },
    ]);
    expect(await listConnectionHooks(t.store.db, 'asana', two)).toEqual([{ hookId: 's1', remoteId: 'we_2', hasSecret: true }]);
    expect(await findWebhookSecret(t.store.db, 'asana', 's1')).toEqual({ secretSealed: 'whsec-2', connectionId: two });
    await deleteConnectionHook(t.store.db, 'asana', 's1', one);
    expect(await listConnectionHooks(t.store.db, 'asana', two)).toHaveLength(1);
    await deleteConnectionHook(t.store.db, 'asana', 's1', two);
    expect(await listConnectionHooks(t.store.db, 'asana', two)).toEqual([]);
  });

  it("lists a provider's connections that are not disconnected, and changes settings only if unchanged since read", async () => {
    const listed = await listProviderConnections(t.store.db, 'asana');
    expect(listed.map((c) => [c.id, c.status, c.settings])).toEqual([
      [one, 'active', {}],
      [two, 'unhealthy', { accountId: 'acct-2' }],
    ]);
    const first = listed[0]!;
    expect(await updateConnectionSettingsIfUnchanged(t.store.db, one, first.settingsJson, '{"accountId":"acct-1"}')).toBe(true);
    // A second delivery that read the same settings loses: the connection already learned its account.
    expect(await updateConnectionSettingsIfUnchanged(t.store.db, one, first.settingsJson, '{"accountId":"acct-9"}')).toBe(false);
    expect((await listProviderConnections(t.store.db, 'asana'))[0]!.settings).toEqual({ accountId: 'acct-1' });
  });
});
