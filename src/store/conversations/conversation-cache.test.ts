import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { findConversationProject } from './find-conversation-project.js';
import { listProjectMessageIds } from './list-project-message-ids.js';
import { upsertConversationMessage } from './upsert-conversation-message.js';
import { deleteConversationMessages } from './delete-conversation-messages.js';
import { listProjectMessages } from './list-project-messages.js';
import { replaceProjectMessages } from '../../conversations/conversation-repository.js';

describe.each(STORE_ENGINES)('conversation cache on %s', (engine) => {
  let t: TestStore;
  const ids = {} as Record<string, number>;
  beforeAll(async () => {
    t = await openTestStore(engine);
    const q = t.store.db;
    ids.ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.client = (await q.insertInto('clients').values({ workspace_id: ids.ws, name: 'Acme', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.asana = (await q.insertInto('connections').values({ workspace_id: ids.ws, provider: 'asana', label: 'env', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    let n = 0;
    const project = async (name: string, externalId: string, fields: { clientId: number | null; deleted?: number; kind?: string }) => {
      ids[name] = (
        await q
          .insertInto('records')
          .values({ workspace_id: ids.ws!, connection_id: ids.asana!, provider: 'asana', object_type: 'projects', kind: fields.kind ?? 'project', external_id: externalId, data: JSON.stringify({ name }), raw: '{}', content_hash: `h${++n}`, synced_at: n, client_id: fields.clientId, deleted: fields.deleted ?? 0 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    await project('linked', 'p1', { clientId: ids.client });
    await project('unlinked', 'p2', { clientId: null });
    await project('gone', 'p3', { clientId: ids.client, deleted: 1 });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('finds only a live project linked to a client', async () => {
    const q = t.store.db;
    expect(await findConversationProject(q, ids.asana!, 'p1')).toEqual({ id: ids.linked, workspaceId: ids.ws });
    expect(await findConversationProject(q, ids.asana!, 'p2')).toBeUndefined();
    expect(await findConversationProject(q, ids.asana!, 'p3')).toBeUndefined();
    expect(await findConversationProject(q, ids.asana! + 1, 'p1')).toBeUndefined();
  });

  it('adds, edits and removes messages through the repositories, keeping ids in thread order', async () => {
    const q = t.store.db;
    const base = { workspaceId: ids.ws!, connectionId: ids.asana!, projectRecordId: ids.linked!, portalActionId: null };
    await upsertConversationMessage(q, { ...base, externalId: 's1', authorName: 'Sam', body: 'Hello', sourceCreatedAt: 10 }, 100);
    await upsertConversationMessage(q, { ...base, externalId: 's2', authorName: 'Ann', body: 'Hi', sourceCreatedAt: 20 }, 100);
    const before = await listProjectMessageIds(q, ids.linked!);
    expect([...before.keys()]).toEqual(['s1', 's2']);
    expect(before.get('s1')!).toBeLessThan(before.get('s2')!);
    await upsertConversationMessage(q, { ...base, externalId: 's1', authorName: 'Sam B.', body: 'Hello (edited)', sourceCreatedAt: 10 }, 200);
    expect(await listProjectMessageIds(q, ids.linked!)).toEqual(before);
    expect(await q.selectFrom('conversation_messages').select(['author_name', 'body', 'seen_at']).where('id', '=', before.get('s1')!).executeTakeFirst()).toEqual({ author_name: 'Sam B.', body: 'Hello (edited)', seen_at: 100 });
    await deleteConversationMessages(q, [before.get('s2')!]);
    await deleteConversationMessages(q, []);
    expect([...(await listProjectMessageIds(q, ids.linked!)).keys()]).toEqual(['s1']);
    expect(await listProjectMessageIds(q, ids.unlinked!)).toEqual(new Map());
    await q.deleteFrom('conversation_messages').execute();
  });

  it("makes a project's cached thread match the provider's in one transaction", async () => {
    const project = { workspaceId: ids.ws!, connectionId: ids.asana!, recordId: ids.linked! };
    const comment = (externalId: string, text: string, createdAt: number) => ({ externalId, authorName: 'Sam', text, createdAt, portalKey: null, portalActionId: null });
    expect(await t.store.transaction((tx) => replaceProjectMessages(tx, project, [comment('c2', 'second', 20), comment('c1', 'first', 10)], 100))).toEqual({ added: 2, removed: 0 });
    expect((await listProjectMessages(t.store.db, ids.linked!)).map((m) => [m.externalId, m.body])).toEqual([['c1', 'first'], ['c2', 'second']]);
    const [first, second] = await listProjectMessages(t.store.db, ids.linked!);
    expect(first!.id).toBeLessThan(second!.id);
    expect(await t.store.transaction((tx) => replaceProjectMessages(tx, project, [comment('c1', 'first, edited', 10), comment('c3', 'third', 30)], 200))).toEqual({ added: 1, removed: 1 });
    expect((await listProjectMessages(t.store.db, ids.linked!)).map((m) => [m.externalId, m.body])).toEqual([['c1', 'first, edited'], ['c3', 'third']]);
  });
});
