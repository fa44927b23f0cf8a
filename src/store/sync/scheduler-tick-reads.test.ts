import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { findProviderMetadata } from '../connections/find-provider-metadata.js';
import { hasDigestSubscribers } from '../portal-users/has-digest-subscribers.js';
import { hasPendingOutboxMessages } from '../mail/has-pending-outbox-messages.js';

/** The scheduler tick's own reads on both engines (issue 15): webhook check time, digest subscribers, pending mail. */
describe.each(STORE_ENGINES)('scheduler tick reads on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  let client: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    ws = (await t.store.db.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    client = (await t.store.db.insertInto('clients').values({ workspace_id: ws, name: 'Northwind', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('reads one metadata value of one connection', async () => {
    const connection = async (label: string) =>
      (await t.store.db.insertInto('connections').values({ workspace_id: ws, provider: 'asana', label, auth_type: 'oauth', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const a = await connection('a');
    const b = await connection('b');
    await t.store.db.insertInto('provider_metadata').values([
      { connection_id: a, key: '$webhooks.checkedAt', value: '1700000000000', fetched_at: 1 },
      { connection_id: a, key: 'other', value: '"x"', fetched_at: 1 },
      { connection_id: b, key: 'other', value: '"y"', fetched_at: 1 },
    ]).execute();
    expect(await findProviderMetadata(t.store.db, a, '$webhooks.checkedAt')).toBe('1700000000000');
    expect(await findProviderMetadata(t.store.db, b, '$webhooks.checkedAt')).toBeUndefined();
    expect(await findProviderMetadata(t.store.db, b, 'other')).toBe('"y"');
  });

  it('sees a digest subscriber only when someone chose a mode other than off', async () => {
    expect(await hasDigestSubscribers(t.store.db)).toBe(false);
    const user = (await t.store.db.insertInto('portal_users').values({ workspace_id: ws, client_id: client, email: 'nancy@northwind.example', name: 'Nancy', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    expect(await hasDigestSubscribers(t.store.db)).toBe(false);
    await t.store.db.updateTable('portal_users').set({ notify_mode: 'daily' }).where('id', '=', user).execute();
    expect(await hasDigestSubscribers(t.store.db)).toBe(true);
  });

  it('sees pending mail, not sent or failed mail', async () => {
    expect(await hasPendingOutboxMessages(t.store.db)).toBe(false);
    const message = (status: string) => ({ workspace_id: ws, kind: 'digest', to_address: 'a@b.example', subject: 's', text_body: 't', status, created_at: 1 });
    await t.store.db.insertInto('outbox_messages').values([message('sent'), message('failed')]).execute();
    expect(await hasPendingOutboxMessages(t.store.db)).toBe(false);
    await t.store.db.insertInto('outbox_messages').values({ ...message('pending'), claimed_until: 99 }).execute();
    expect(await hasPendingOutboxMessages(t.store.db)).toBe(true);
  });
});
