import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import type { Queryable } from '../store.js';
import { listParentDocumentSourceIds } from './list-parent-document-source-ids.js';
import { upsertDocument, type DocumentWrite } from './upsert-document.js';
import { deleteParentDocuments } from './delete-parent-documents.js';
import { listDocumentParents } from './list-document-parents.js';
import { listDocumentListingCandidates } from './list-document-listing-candidates.js';
import { listUnlistedDocumentParents } from './list-unlisted-document-parents.js';
import { updateRecordDocumentsListed } from '../records/update-record-documents-listed.js';
import { findRecordSourceKey } from '../records/find-record-source-key.js';
import { removeParentDocuments, replaceParentDocuments } from '../../documents/document-repository.js';

/**
 * The document listing's repositories on both engines (issue 15): which records a listing job reads,
 * which changed or newly linked records are queued, and the cache of a parent's files kept exact.
 */
interface World {
  ws: number;
  otherWs: number;
  client: number;
  conn: number;
  otherConn: number;
  ids: Record<'company' | 'deal' | 'visibleTask' | 'internalTask' | 'unowned' | 'deleted' | 'listedUnowned' | 'listedOwned' | 'otherConnDeal' | 'otherWsDeal', number>;
}

let seq = 0;
async function record(q: Queryable, r: { ws: number; conn: number; objectType: string; kind: string; clientId: number | null; data?: object; deleted?: number; listedAt?: number }): Promise<number> {
  seq += 1;
  const row = await q
    .insertInto('records')
    .values({
      workspace_id: r.ws,
      connection_id: r.conn,
      provider: 'hubspot',
      object_type: r.objectType,
      external_id: `ext-${seq}`,
      kind: r.kind,
      data: JSON.stringify(r.data ?? {}),
      raw: JSON.stringify({ id: `ext-${seq}` }),
      content_hash: `h${seq}`,
      source_updated_at: 1,
      synced_at: 1000 + seq,
      deleted: r.deleted ?? 0,
      client_id: r.clientId,
      documents_listed_at: r.listedAt ?? null,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function seed(q: Queryable): Promise<World> {
  const ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const otherWs = (await q.insertInto('workspaces').values({ slug: 'other', name: 'Other', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const client = (await q.insertInto('clients').values({ workspace_id: ws, name: 'Northwind', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const otherClient = (await q.insertInto('clients').values({ workspace_id: otherWs, name: 'Initech', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const connection = async (workspace: number, label: string) =>
    (await q.insertInto('connections').values({ workspace_id: workspace, provider: 'hubspot', label, auth_type: 'oauth', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const conn = await connection(ws, 'main');
  const otherConn = await connection(ws, 'second');
  const otherWsConn = await connection(otherWs, 'other');
  const ids = {
    company: await record(q, { ws, conn, objectType: 'companies', kind: 'company', clientId: client }),
    deal: await record(q, { ws, conn, objectType: 'deals', kind: 'deal', clientId: client }),
    visibleTask: await record(q, { ws, conn, objectType: 'tasks', kind: 'task', clientId: client, data: { clientVisible: true } }),
    internalTask: await record(q, { ws, conn, objectType: 'tasks', kind: 'task', clientId: client, data: { clientVisible: false } }),
    unowned: await record(q, { ws, conn, objectType: 'companies', kind: 'company', clientId: null }),
    deleted: await record(q, { ws, conn, objectType: 'companies', kind: 'company', clientId: client, deleted: 1 }),
    listedUnowned: await record(q, { ws, conn, objectType: 'companies', kind: 'company', clientId: null, listedAt: 50 }),
    listedOwned: await record(q, { ws, conn, objectType: 'deals', kind: 'deal', clientId: client, listedAt: 60 }),
    otherConnDeal: await record(q, { ws, conn: otherConn, objectType: 'deals', kind: 'deal', clientId: client }),
    otherWsDeal: await record(q, { ws: otherWs, conn: otherWsConn, objectType: 'deals', kind: 'deal', clientId: otherClient }),
  };
  return { ws, otherWs, client, conn, otherConn, ids };
}

describe.each(STORE_ENGINES)('document listing repositories on %s', (engine) => {
  let t: TestStore;
  let w: World;
  beforeAll(async () => {
    t = await openTestStore(engine);
    w = await seed(t.store.db);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('reads one connection\'s records of a job in one query, by id, with what the listing rule needs', async () => {
    const rows = await listDocumentParents(t.store.db, w.conn, [w.ids.internalTask, w.ids.company, w.ids.otherConnDeal, w.ids.deleted, w.ids.visibleTask, 999_999]);
    expect(rows.map((r) => r.id)).toEqual([w.ids.company, w.ids.visibleTask, w.ids.internalTask, w.ids.deleted]);
    expect(rows[0]).toEqual({
      id: w.ids.company, workspace_id: w.ws, connection_id: w.conn, provider: 'hubspot', object_type: 'companies', external_id: expect.any(String) as string,
      kind: 'company', raw: expect.stringContaining('"id"') as string, deleted: 0, client_visible: 0, client_id: w.client,
    });
    expect(rows.map((r) => [r.client_visible, r.deleted])).toEqual([[0, 0], [1, 0], [0, 0], [0, 1]]);
    expect(await listDocumentParents(t.store.db, w.conn, [])).toEqual([]);
  });

  it('queues changed records a client owns or whose files were listed, with their provider', async () => {
    const all = Object.values(w.ids);
    const rows = await listDocumentListingCandidates(t.store.db, all);
    const expected = [w.ids.company, w.ids.deal, w.ids.visibleTask, w.ids.internalTask, w.ids.deleted, w.ids.listedUnowned, w.ids.listedOwned, w.ids.otherConnDeal, w.ids.otherWsDeal];
    expect(rows.map((r) => r.id)).toEqual(expected);
    expect(rows.find((r) => r.id === w.ids.otherConnDeal)).toEqual({ id: w.ids.otherConnDeal, connection_id: w.otherConn, provider: 'hubspot', object_type: 'deals' });
    expect(await listDocumentListingCandidates(t.store.db, [w.ids.unowned])).toEqual([]);
    expect(await listDocumentListingCandidates(t.store.db, [])).toEqual([]);
  });

  it('finds the workspace\'s owned, live, never-listed records of the file-carrying types only', async () => {
    const rows = await listUnlistedDocumentParents(t.store.db, w.ws, ['companies', 'deals']);
    expect(rows.map((r) => r.id)).toEqual([w.ids.company, w.ids.deal, w.ids.otherConnDeal]);
    expect((await listUnlistedDocumentParents(t.store.db, w.otherWs, ['deals'])).map((r) => r.id)).toEqual([w.ids.otherWsDeal]);
    expect(await listUnlistedDocumentParents(t.store.db, w.ws, [])).toEqual([]);
  });

  it('marks a record listed (it leaves the unlisted set) and unmarks it', async () => {
    const extra = await record(t.store.db, { ws: w.ws, conn: w.conn, objectType: 'invoices', kind: 'invoice', clientId: w.client });
    expect((await listUnlistedDocumentParents(t.store.db, w.ws, ['invoices'])).map((r) => r.id)).toEqual([extra]);
    await updateRecordDocumentsListed(t.store.db, extra, 1234);
    expect(await listUnlistedDocumentParents(t.store.db, w.ws, ['invoices'])).toEqual([]);
    const stored = await t.store.db.selectFrom('records').select('documents_listed_at').where('id', '=', extra).executeTakeFirstOrThrow();
    expect(stored.documents_listed_at).toBe(1234);
    await updateRecordDocumentsListed(t.store.db, extra, null);
    expect((await listUnlistedDocumentParents(t.store.db, w.ws, ['invoices'])).map((r) => r.id)).toEqual([extra]);
  });

  it('reads a record\'s object type and provider id', async () => {
    const key = await findRecordSourceKey(t.store.db, w.ids.deal);
    expect(key).toEqual({ objectType: 'deals', externalId: expect.stringMatching(/^ext-/) as string });
    expect(await findRecordSourceKey(t.store.db, 999_999)).toBeUndefined();
  });

  it('adds, refreshes and removes a parent\'s documents', async () => {
    const doc = (sourceId: string, name: string, listedAt: number): DocumentWrite => ({
      workspaceId: w.ws, connectionId: w.conn, provider: 'hubspot', parentRecordId: w.ids.company, sourceId, name, sizeBytes: 10, contentType: 'application/pdf', sourceCreatedAt: '2026-11-01', locator: '{"url":"x"}', listedAt,
    });
    await upsertDocument(t.store.db, doc('f1', 'One.pdf', 1));
    await upsertDocument(t.store.db, doc('f2', 'Two.pdf', 1));
    await upsertDocument(t.store.db, { ...doc('f1', 'One renamed.pdf', 2), sizeBytes: null, contentType: null, sourceCreatedAt: null, locator: '{}' });
    expect((await listParentDocumentSourceIds(t.store.db, w.ids.company)).sort()).toEqual(['f1', 'f2']);
    const rows = await t.store.db.selectFrom('documents').select(['source_id', 'name', 'size_bytes', 'content_type', 'source_created_at', 'locator', 'listed_at']).where('parent_record_id', '=', w.ids.company).orderBy('source_id').execute();
    expect(rows).toEqual([
      { source_id: 'f1', name: 'One renamed.pdf', size_bytes: null, content_type: null, source_created_at: null, locator: '{}', listed_at: 2 },
      { source_id: 'f2', name: 'Two.pdf', size_bytes: 10, content_type: 'application/pdf', source_created_at: '2026-11-01', locator: '{"url":"x"}', listed_at: 1 },
    ]);
    expect(await deleteParentDocuments(t.store.db, w.ids.company, [])).toBe(0);
    expect(await deleteParentDocuments(t.store.db, w.ids.company, ['f2', 'nope'])).toBe(1);
    expect(await listParentDocumentSourceIds(t.store.db, w.ids.company)).toEqual(['f1']);
    expect(await deleteParentDocuments(t.store.db, w.ids.company)).toBe(1);
    expect(await listParentDocumentSourceIds(t.store.db, w.ids.company)).toEqual([]);
  });

  it('makes a parent\'s cached documents exactly the listed ones in one transaction, and removes them all', async () => {
    const parent = { workspaceId: w.ws, connectionId: w.conn, provider: 'hubspot', recordId: w.ids.deal };
    const listed = (...ids: string[]) => ids.map((sourceId) => ({ sourceId, name: `${sourceId}.pdf`, sizeBytes: 1, contentType: 'application/pdf', createdAt: null, locator: { id: sourceId } }));
    expect(await t.store.transaction((tx) => replaceParentDocuments(tx, parent, listed('a', 'b'), 100))).toEqual({ added: 2, removed: 0 });
    expect(await t.store.transaction((tx) => replaceParentDocuments(tx, parent, listed('b', 'c'), 200))).toEqual({ added: 1, removed: 1 });
    expect((await listParentDocumentSourceIds(t.store.db, w.ids.deal)).sort()).toEqual(['b', 'c']);
    const b = await t.store.db.selectFrom('documents').select(['locator', 'listed_at']).where('parent_record_id', '=', w.ids.deal).where('source_id', '=', 'b').executeTakeFirstOrThrow();
    expect(b).toEqual({ locator: '{"id":"b"}', listed_at: 200 });
    // Another parent's files are untouched.
    await t.store.transaction((tx) => replaceParentDocuments(tx, { ...parent, recordId: w.ids.listedOwned }, listed('z'), 300));
    expect(await t.store.transaction((tx) => removeParentDocuments(tx, w.ids.deal))).toBe(2);
    expect(await listParentDocumentSourceIds(t.store.db, w.ids.deal)).toEqual([]);
    expect(await listParentDocumentSourceIds(t.store.db, w.ids.listedOwned)).toEqual(['z']);
  });
});
