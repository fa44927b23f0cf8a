import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import type { Queryable } from '../store.js';
import { listClientRecords } from './list-client-records.js';
import { listClientRecordsOfKinds } from './list-client-records-of-kinds.js';
import { findClientRecord } from './find-client-record.js';
import { listClientWorkspacePeople } from './list-client-workspace-people.js';
import { findConnectionRecord } from './find-connection-record.js';
import { listConnectionRecords } from './list-connection-records.js';
import { listClientRecordSources } from './list-client-record-sources.js';
import { listConnectionRecordKinds } from './list-connection-record-kinds.js';
import { listClientWonDealRows } from './list-client-won-deal-rows.js';
import { listUnprovisionedWonDeals } from './list-unprovisioned-won-deals.js';
import { listClientChanges } from './list-client-changes.js';
import { listClientInvoiceMatches } from '../invoice-matches/list-client-invoice-matches.js';
import { listDealProvisionings } from '../provisionings/list-deal-provisionings.js';
import { jsonText } from '../../../tests/support/json-text.js';
import { findClient } from '../clients/find-client.js';

/**
 * The portal's client-scoped record reads on both engines (issue 15). Two workspaces, three clients:
 * every read is asked about the first client and must never return a row of another.
 */
type Id = 'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6' | 'deletedOwner' | 'elsewhereInvoice' | 'message' | 'myCopy' | 'myDeal' | 'myDeleted' | 'myDraft' | 'myInvoice' | 'otherOwner' | 'owner' | 'theirDeal' | 'theirInvoice';

interface World {
  ws: number;
  otherWs: number;
  mine: number;
  theirs: number;
  elsewhere: number;
  conn: number;
  otherConn: number;
  ids: Record<Id, number>;
}

let seq = 0;
async function record(q: Queryable, r: { ws: number; conn: number; kind: string; externalId: string; clientId: number | null; data: object; deleted?: number }): Promise<number> {
  seq += 1;
  const row = await q
    .insertInto('records')
    .values({
      workspace_id: r.ws,
      connection_id: r.conn,
      provider: 'hubspot',
      object_type: r.kind,
      external_id: r.externalId,
      kind: r.kind,
      data: JSON.stringify(r.data),
      raw: '{}',
      content_hash: `h${seq}`,
      source_updated_at: 1,
      synced_at: 1000 + seq,
      deleted: r.deleted ?? 0,
      client_id: r.clientId,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function seed(q: Queryable): Promise<World> {
  const ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const otherWs = (await q.insertInto('workspaces').values({ slug: 'other', name: 'Other', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const client = async (workspace: number, name: string) => (await q.insertInto('clients').values({ workspace_id: workspace, name, created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const mine = await client(ws, 'Northwind');
  const theirs = await client(ws, 'Globex');
  const elsewhere = await client(otherWs, 'Initech');
  const connection = async (workspace: number, label: string) =>
    (await q.insertInto('connections').values({ workspace_id: workspace, provider: 'hubspot', label, auth_type: 'oauth', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const conn = await connection(ws, 'main');
  const otherConn = await connection(otherWs, 'other');
  const ids = {} as Record<Id, number>;
  ids.myInvoice = await record(q, { ws, conn, kind: 'invoice', externalId: 'inv-1', clientId: mine, data: { number: 'A-1', status: 'open' } });
  ids.myCopy = await record(q, { ws, conn, kind: 'invoice', externalId: 'inv-2', clientId: mine, data: { number: 'A-2', status: 'open' } });
  ids.myDraft = await record(q, { ws, conn, kind: 'invoice', externalId: 'inv-3', clientId: mine, data: { number: 'A-3', status: 'draft' } });
  ids.myDeleted = await record(q, { ws, conn, kind: 'invoice', externalId: 'inv-4', clientId: mine, data: { number: 'A-4', status: 'open' }, deleted: 1 });
  ids.theirInvoice = await record(q, { ws, conn, kind: 'invoice', externalId: 'inv-9', clientId: theirs, data: { number: 'G-1', status: 'open' } });
  ids.elsewhereInvoice = await record(q, { ws: otherWs, conn: otherConn, kind: 'invoice', externalId: 'inv-1', clientId: elsewhere, data: { number: 'I-1', status: 'open' } });
  ids.myDeal = await record(q, { ws, conn, kind: 'deal', externalId: 'deal-1', clientId: mine, data: { name: 'Mine', isWon: true } });
  ids.theirDeal = await record(q, { ws, conn, kind: 'deal', externalId: 'deal-2', clientId: theirs, data: { name: 'Theirs', isWon: true } });
  ids.owner = await record(q, { ws, conn, kind: 'team_member', externalId: '9001', clientId: null, data: { name: 'Alex', email: 'alex@biz.example' } });
  ids.deletedOwner = await record(q, { ws, conn, kind: 'team_member', externalId: '9002', clientId: null, data: { name: 'Gone' }, deleted: 1 });
  ids.otherOwner = await record(q, { ws: otherWs, conn: otherConn, kind: 'team_member', externalId: '9001', clientId: null, data: { name: 'Other workspace' } });
  ids.message = await record(q, { ws, conn, kind: 'request_message', externalId: 'm-1', clientId: null, data: { requestExternalId: 'r-1' } });
  // Changes: two of my invoice, one of my copy, one deletion, one of another client's invoice.
  const change = (recordId: number, kind: string, version: number, at: number) => q.insertInto('record_changes').values({ record_id: recordId, change: kind, version, at }).returning('id').executeTakeFirstOrThrow();
  ids.c1 = (await change(ids.myInvoice, 'created', 1, 10)).id;
  ids.c2 = (await change(ids.theirInvoice, 'created', 1, 11)).id;
  ids.c3 = (await change(ids.myCopy, 'created', 1, 12)).id;
  ids.c4 = (await change(ids.myInvoice, 'updated', 2, 13)).id;
  ids.c5 = (await change(ids.myDeal, 'deleted', 1, 14)).id;
  ids.c6 = (await change(ids.myDeal, 'created', 1, 9)).id;
  // The copy is shown through my invoice; another client's match is theirs alone.
  const match = (recordId: number, groupId: number, clientId: number, workspaceId: number) =>
    q.insertInto('invoice_matches').values({ record_id: recordId, group_id: groupId, client_id: clientId, workspace_id: workspaceId, method: 'number', confidence: 1, decided_at: 1 }).execute();
  await match(ids.myInvoice, ids.myInvoice, mine, ws);
  await match(ids.myCopy, ids.myInvoice, mine, ws);
  await match(ids.theirInvoice, ids.theirInvoice, theirs, ws);
  await q.insertInto('provisionings').values({ workspace_id: ws, deal_record_id: ids.myDeal, client_id: mine, created_at: 777 }).execute();
  return { ws, otherWs, mine, theirs, elsewhere, conn, otherConn, ids };
}

describe.each(STORE_ENGINES)('the portal’s client-scoped record reads on %s', (engine) => {
  let t: TestStore;
  let w: World;
  beforeAll(async () => {
    t = await openTestStore(engine);
    w = await seed(t.store.db);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('lists only the client’s live records of the kind; another client’s row is never returned', async () => {
    const rows = await listClientRecords(t.store.db, w.mine, 'invoice');
    expect(rows.map((r) => r.id)).toEqual([w.ids.myInvoice, w.ids.myCopy, w.ids.myDraft]);
    expect(rows[0]).toEqual({ id: w.ids.myInvoice, connection_id: w.conn, provider: 'hubspot', external_id: 'inv-1', synced_at: expect.any(Number), version: 1, data: jsonText({ number: 'A-1', status: 'open' }) });
    expect((await listClientRecords(t.store.db, w.theirs, 'invoice')).map((r) => r.id)).toEqual([w.ids.theirInvoice]);
  });

  it('lists several kinds of the client’s live records in one read, oldest first, each with its kind', async () => {
    const rows = await listClientRecordsOfKinds(t.store.db, w.mine, ['deal', 'invoice']);
    expect(rows.map((r) => [r.id, r.kind])).toEqual([[w.ids.myInvoice, 'invoice'], [w.ids.myCopy, 'invoice'], [w.ids.myDraft, 'invoice'], [w.ids.myDeal, 'deal']]);
    expect(rows[0]).toEqual({ id: w.ids.myInvoice, connection_id: w.conn, provider: 'hubspot', external_id: 'inv-1', synced_at: expect.any(Number), version: 1, data: jsonText({ number: 'A-1', status: 'open' }), kind: 'invoice' });
    expect((await listClientRecordsOfKinds(t.store.db, w.theirs, ['deal', 'invoice'])).map((r) => r.id)).toEqual([w.ids.theirInvoice, w.ids.theirDeal]);
    expect(await listClientRecordsOfKinds(t.store.db, w.mine, ['project'])).toEqual([]);
  });

  it('finds a record only within its client, kind and life', async () => {
    expect((await findClientRecord(t.store.db, w.mine, 'invoice', w.ids.myInvoice))?.external_id).toBe('inv-1');
    expect(await findClientRecord(t.store.db, w.mine, 'invoice', w.ids.theirInvoice)).toBeUndefined();
    expect(await findClientRecord(t.store.db, w.mine, 'invoice', w.ids.elsewhereInvoice)).toBeUndefined();
    expect(await findClientRecord(t.store.db, w.mine, 'invoice', w.ids.myDeleted)).toBeUndefined();
    expect(await findClientRecord(t.store.db, w.mine, 'deal', w.ids.myInvoice)).toBeUndefined();
  });

  it('reads the business’s team members of the client’s own workspace only', async () => {
    expect((await listClientWorkspacePeople(t.store.db, w.mine, 'team_member')).map((r) => r.id)).toEqual([w.ids.owner]);
    expect((await listClientWorkspacePeople(t.store.db, w.elsewhere, 'team_member')).map((r) => r.id)).toEqual([w.ids.otherOwner]);
  });

  it('reads a team member’s address and name from the record’s generated columns', async () => {
    expect(await listClientWorkspacePeople(t.store.db, w.mine, 'team_member')).toEqual([{ id: w.ids.owner, email: 'alex@biz.example', name: 'Alex' }]);
    expect(await listClientWorkspacePeople(t.store.db, w.elsewhere, 'team_member')).toEqual([{ id: w.ids.otherOwner, email: null, name: 'Other workspace' }]);
  });

  it('finds a connection’s record by provider id within the workspace, never a deleted one', async () => {
    expect((await findConnectionRecord(t.store.db, { workspaceId: w.ws, connectionId: w.conn, kind: 'team_member', externalId: '9001' }))?.id).toBe(w.ids.owner);
    expect(await findConnectionRecord(t.store.db, { workspaceId: w.otherWs, connectionId: w.conn, kind: 'team_member', externalId: '9001' })).toBeUndefined();
    expect(await findConnectionRecord(t.store.db, { workspaceId: w.ws, connectionId: w.conn, kind: 'team_member', externalId: '9002' })).toBeUndefined();
    expect((await listConnectionRecords(t.store.db, w.conn, 'request_message')).map((r) => r.id)).toEqual([w.ids.message]);
    expect(await listConnectionRecords(t.store.db, w.otherConn, 'request_message')).toEqual([]);
  });

  it('names the connections holding the client’s kinds, and whether a connection holds a kind', async () => {
    const sources = await listClientRecordSources(t.store.db, w.mine, ['invoice', 'deal', 'project']);
    expect(sources.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([{ connectionId: w.conn, kind: 'deal' }, { connectionId: w.conn, kind: 'invoice' }]);
    expect(await listClientRecordSources(t.store.db, w.mine, [])).toEqual([]);
    const held = await listConnectionRecordKinds(t.store.db, [{ connectionId: w.conn, kind: 'deal' }, { connectionId: w.conn, kind: 'project' }, { connectionId: w.conn + 1000, kind: 'deal' }, { connectionId: w.conn, kind: 'invoice' }]);
    expect([...held].sort()).toEqual([`${w.conn}:deal`, `${w.conn}:invoice`]);
    expect(await listConnectionRecordKinds(t.store.db, [])).toEqual(new Set());
  });

  it('lists a client’s won deals through the generated column, and the won deals not yet provisioned', async () => {
    expect((await listClientWonDealRows(t.store.db, w.mine)).map((row) => row.id)).toEqual([w.ids.myDeal]);
    // Mine is provisioned already; theirs is won and not; an invoice is no deal.
    expect(await listUnprovisionedWonDeals(t.store.db, [w.ids.myDeal!, w.ids.theirDeal!, w.ids.myInvoice!])).toEqual([w.ids.theirDeal]);
    expect(await listUnprovisionedWonDeals(t.store.db, [])).toEqual([]);
  });

  it('lists the client’s logged changes newest first, with the latest logged version; never a deletion, a folded copy or another client’s change', async () => {
    const changes = await listClientChanges(t.store.db, w.mine, ['invoice', 'deal'], { limit: 10 });
    expect(changes.map((c) => c.changeId)).toEqual([w.ids.c4, w.ids.c1, w.ids.c6]);
    expect(changes[0]).toMatchObject({ change: 'updated', changeVersion: 2, version: 2, recordId: w.ids.myInvoice, connectionId: w.conn, kind: 'invoice', provider: 'hubspot', at: 13 });
    expect(changes[1]).toMatchObject({ changeVersion: 1, version: 2 });
    expect((await listClientChanges(t.store.db, w.mine, ['invoice', 'deal'], { limit: 1, offset: 1 })).map((c) => c.changeId)).toEqual([w.ids.c1]);
    expect((await listClientChanges(t.store.db, w.mine, ['invoice', 'deal'], { afterChangeId: w.ids.c1, throughChangeId: w.ids.c4, limit: 10 })).map((c) => c.changeId)).toEqual([w.ids.c4]);
    expect((await listClientChanges(t.store.db, w.theirs, ['invoice'], { limit: 10 })).map((c) => c.changeId)).toEqual([w.ids.c2]);
  });

  it('reads the client’s invoice groups, provisionings and the client itself', async () => {
    expect(await listClientInvoiceMatches(t.store.db, w.mine)).toEqual(new Map([[w.ids.myInvoice, w.ids.myInvoice], [w.ids.myCopy, w.ids.myInvoice]]));
    expect(await listClientInvoiceMatches(t.store.db, w.theirs)).toEqual(new Map([[w.ids.theirInvoice, w.ids.theirInvoice]]));
    expect(await listDealProvisionings(t.store.db, [w.ids.myDeal, w.ids.theirDeal])).toEqual(new Map([[w.ids.myDeal, 777]]));
    expect(await listDealProvisionings(t.store.db, [])).toEqual(new Map());
    expect(await findClient(t.store.db, w.mine)).toEqual({ id: w.mine, name: 'Northwind', workspaceId: w.ws, status: 'active' });
    expect(await findClient(t.store.db, 424242)).toBeUndefined();
  });
});
