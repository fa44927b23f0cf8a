import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { insertOutboxMessage } from './insert-outbox-message.js';
import { listDueOutboxMessages } from './list-due-outbox-messages.js';
import { claimOutboxMessage } from './claim-outbox-message.js';
import { updateOutboxMessageSent } from './update-outbox-message-sent.js';
import { updateOutboxMessageFailure } from './update-outbox-message-failure.js';

describe.each(STORE_ENGINES)('mail outbox repositories on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    ws = (await t.store.db.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('queues, claims once among concurrent senders, then records sent or the failure', async () => {
    const a = await insertOutboxMessage(t.store.db, { workspaceId: ws, kind: 'invitation', to: 'ann@example.com', subject: 'Welcome', text: 'Hi', headers: { 'List-Unsubscribe': '<https://x>' } }, 10);
    const b = await insertOutboxMessage(t.store.db, { workspaceId: ws, kind: 'digest', to: 'bob@example.com', subject: 'Digest', text: 'News', html: '<p>News</p>' }, 11);
    expect(await listDueOutboxMessages(t.store.db, 100)).toEqual([a, b]);

    const claims = await Promise.all(Array.from({ length: 5 }, () => claimOutboxMessage(t.store.db, a, 100, 60_100)));
    const won = claims.filter((c) => c !== undefined);
    expect(won).toEqual([{ id: a, to: 'ann@example.com', subject: 'Welcome', text: 'Hi', html: null, headers: { 'List-Unsubscribe': '<https://x>' }, attempts: 1 }]);
    expect(await listDueOutboxMessages(t.store.db, 200)).toEqual([b]);
    await updateOutboxMessageSent(t.store.db, a, 'outbox/ann.eml', 300);

    expect(await claimOutboxMessage(t.store.db, b, 200, 60_200)).toMatchObject({ id: b, html: '<p>News</p>', attempts: 1 });
    await updateOutboxMessageFailure(t.store.db, b, { error: '421 try later', gaveUp: false, retryAt: 30_400 });
    expect(await listDueOutboxMessages(t.store.db, 30_000)).toEqual([]);
    expect(await listDueOutboxMessages(t.store.db, 30_401)).toEqual([b]);
    await updateOutboxMessageFailure(t.store.db, b, { error: '550 no such user', gaveUp: true, retryAt: 90_000 });
    expect(await claimOutboxMessage(t.store.db, b, 100_000, 160_000)).toBeUndefined();

    const rows = await t.store.db.selectFrom('outbox_messages').select(['id', 'status', 'delivered_to', 'sent_at', 'last_error']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: a, status: 'sent', delivered_to: 'outbox/ann.eml', sent_at: 300, last_error: null },
      { id: b, status: 'failed', delivered_to: null, sent_at: null, last_error: '550 no such user' },
    ]);
  });
});
