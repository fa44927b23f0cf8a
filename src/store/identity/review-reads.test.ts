import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { listLinkReviewRows } from './list-link-review-rows.js';
import { countUnlinkedByProviderAndKind, countUnlinkedRecords, listRecordsInOpenReview, listUnlinkedRecordRows } from './list-unlinked-record-rows.js';
import { listInvoiceMatchReviewRows } from '../billing/list-invoice-match-review-rows.js';
import { listRecordsByIds } from '../billing/list-records-by-ids.js';
import { listAuditEntries } from '../audit/list-audit-entries.js';
import { insertAuditEntry } from '../audit/insert-audit-entry.js';

describe.each(STORE_ENGINES)('review, unlinked-record and audit reads on %s', (engine) => {
  let t: TestStore;
  const ids = {} as Record<string, number>;
  beforeAll(async () => {
    t = await openTestStore(engine);
    const q = t.store.db;
    for (const slug of ['a', 'b']) ids[slug] = (await q.insertInto('workspaces').values({ slug, name: slug, created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.acme = (await q.insertInto('clients').values({ workspace_id: ids.a!, name: 'Acme', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.theirs = (await q.insertInto('clients').values({ workspace_id: ids.b!, name: 'Theirs', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.conn = (await q.insertInto('connections').values({ workspace_id: ids.a!, provider: 'stripe', label: 'env', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.connB = (await q.insertInto('connections').values({ workspace_id: ids.b!, provider: 'stripe', label: 'env', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    let n = 0;
    const record = async (name: string, fields: { workspace?: number; clientId?: number | null; kind?: string; data?: object; deleted?: number; externalId?: string }) => {
      ids[name] = (
        await q
          .insertInto('records')
          .values({
            workspace_id: fields.workspace ?? ids.a!,
            connection_id: fields.workspace === ids.b ? ids.connB! : ids.conn!,
            provider: 'stripe',
            object_type: fields.kind === 'invoice' ? 'invoices' : 'customers',
            kind: fields.kind ?? 'company',
            external_id: fields.externalId ?? `ext_${++n}`,
            data: JSON.stringify(fields.data ?? { name }),
            raw: '{}',
            content_hash: `h${n}`,
            synced_at: 100 + n,
            client_id: fields.clientId ?? null,
            deleted: fields.deleted ?? 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    await record('loose', { data: { name: 'Loose Company', emails: ['a@loose.test'] } });
    await record('percent', { data: { name: '100% Pure "Juice" Ltd' } });
    await record('numbered', { kind: 'invoice', data: { number: 'INV-0042', status: 'open', currency: 'EUR', totalMinor: 100, amountDueMinor: 50, issueDate: '2026-01-01', dueDate: null } });
    await record('other', { kind: 'invoice', data: { number: 'INV-0043', status: 'paid', currency: 'EUR', totalMinor: 100, amountDueMinor: 0, issueDate: null, dueDate: null } });
    await record('linked', { clientId: ids.acme });
    await record('gone', { deleted: 1, data: { name: 'Loose Gone' } });
    await record('teammate', { kind: 'team_member', data: { name: 'Loose Teammate' } });
    await record('decided', { data: { name: 'Loose but decided' } });
    await record('foreign', { workspace: ids.b, data: { name: 'Loose Foreign' } });
    await q.insertInto('record_links').values({ record_id: ids.decided!, workspace_id: ids.a!, client_id: null, method: 'manual', confidence: 1, decided_at: 1, manual: 1 }).execute();
    const review = (recordId: number, status: string, createdAt: number, workspace = ids.a!) =>
      q.insertInto('link_reviews').values({ workspace_id: workspace, record_id: recordId, reason: 'suggestion', candidates: JSON.stringify([{ clientId: ids.acme, detail: 'domain' }]), status, created_at: createdAt, updated_at: createdAt }).returning('id').executeTakeFirstOrThrow();
    ids.reviewLate = (await review(ids.loose!, 'open', 20)).id;
    ids.reviewEarly = (await review(ids.percent!, 'open', 10)).id;
    await review(ids.numbered!, 'dismissed', 5);
    await review(ids.foreign!, 'open', 1, ids.b);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('lists link reviews of one status and workspace, oldest first, with their record', async () => {
    const open = await listLinkReviewRows(t.store.db, ids.a!, 'open', 10);
    expect(open.map((r) => r.id)).toEqual([ids.reviewEarly, ids.reviewLate]);
    expect(open[1]).toMatchObject({ recordId: ids.loose, provider: 'stripe', objectType: 'customers', reason: 'suggestion', status: 'open', createdAt: 20 });
    expect(JSON.parse(open[1]!.data)).toMatchObject({ name: 'Loose Company' });
    expect((await listLinkReviewRows(t.store.db, ids.a!, 'dismissed', 10)).map((r) => r.recordId)).toEqual([ids.numbered]);
    expect(await listLinkReviewRows(t.store.db, ids.a!, 'open', 1)).toHaveLength(1);
  });

  it('lists unlinked records: not linked, not deleted, not the team, not decided, not another workspace’s', async () => {
    const all = await listUnlinkedRecordRows(t.store.db, { workspaceId: ids.a! });
    expect(all.map((r) => r.id)).toEqual([ids.loose, ids.percent, ids.numbered, ids.other]);
    expect(await countUnlinkedRecords(t.store.db, { workspaceId: ids.a! })).toBe(4);
    expect(await countUnlinkedRecords(t.store.db, { workspaceId: ids.a!, kind: 'invoice' })).toBe(2);
    expect((await listUnlinkedRecordRows(t.store.db, { workspaceId: ids.a! }, { limit: 1, offset: 1 })).map((r) => r.id)).toEqual([all[1]!.id]);
    expect(await countUnlinkedByProviderAndKind(t.store.db, ids.a!)).toEqual([
      { provider: 'stripe', kind: 'company', count: 2 },
      { provider: 'stripe', kind: 'invoice', count: 2 },
    ]);
  });

  it('narrows by text in the stored data or provider id, case folded, with %, _ and quotes taken literally', async () => {
    const contains = async (text: string) => (await listUnlinkedRecordRows(t.store.db, { workspaceId: ids.a!, contains: text })).map((r) => r.id);
    expect(await contains('LOOSE')).toEqual([ids.loose]);
    expect(await contains('100%')).toEqual([ids.percent]);
    expect(await contains('0%')).toEqual([ids.percent]);
    expect(await contains('e_t')).toEqual([]);
    expect(await contains('xt_')).toHaveLength(4);
    expect(await contains(JSON.stringify('"Juice"').slice(1, -1))).toEqual([ids.percent]);
    expect(await contains('inv-004')).toEqual([ids.numbered, ids.other]);
    expect(await countUnlinkedRecords(t.store.db, { workspaceId: ids.a!, contains: 'inv-0042' })).toBe(1);
  });

  it('says which records wait in the open review queue', async () => {
    expect([...(await listRecordsInOpenReview(t.store.db, [ids.loose!, ids.numbered!, ids.other!]))]).toEqual([ids.loose]);
    expect((await listRecordsInOpenReview(t.store.db, [])).size).toBe(0);
  });

  it('lists open invoice-match reviews of the workspace with the client, and reads records by id', async () => {
    const review = (workspace: number, clientId: number, status: string, createdAt: number, [a, b]: [number, number]) =>
      t.store.db.insertInto('invoice_match_reviews').values({ workspace_id: workspace, client_id: clientId, record_a: a, record_b: b, reason: 'conflict', evidence: '["amount due differs"]', status, created_at: createdAt, updated_at: createdAt }).returning('id').executeTakeFirstOrThrow();
    const late = await review(ids.a!, ids.acme!, 'open', 20, [ids.loose!, ids.numbered!]);
    const early = await review(ids.a!, ids.acme!, 'open', 10, [ids.numbered!, ids.other!]);
    await review(ids.a!, ids.acme!, 'resolved', 1, [ids.percent!, ids.numbered!]);
    await review(ids.b!, ids.theirs!, 'open', 1, [ids.loose!, ids.percent!]);
    const rows = await listInvoiceMatchReviewRows(t.store.db, ids.a!, 10);
    expect(rows.map((r) => r.id)).toEqual([early.id, late.id]);
    expect(rows[0]).toEqual({ id: early.id, clientId: ids.acme, clientName: 'Acme', reason: 'conflict', evidence: '["amount due differs"]', createdAt: 10, recordA: ids.numbered, recordB: ids.other });
    const records = await listRecordsByIds(t.store.db, [ids.numbered!, ids.other!, ids.numbered!]);
    expect(records.size).toBe(2);
    expect(JSON.parse(records.get(ids.numbered!)!.data)).toMatchObject({ number: 'INV-0042' });
    expect((await listRecordsByIds(t.store.db, [])).size).toBe(0);
  });

  it('pages the audit log newest first, filtered by actor (type, id or e-mail in any case), action or prefix, client and time', async () => {
    const staffId = (await t.store.db.insertInto('staff_users').values({ workspace_id: ids.a!, email: 'Sam@Agency.test', name: 'Sam', role: 'owner', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const entry = (at: number, action: string, actor: { type: 'staff' | 'cli' | 'portal_user'; id?: number }, clientId?: number, workspaceId: number | null = ids.a!) =>
      insertAuditEntry(t.store.db, { workspaceId: workspaceId as number, actorType: actor.type, actorId: actor.id, action, clientId, details: { at } }, at);
    await entry(10, 'connection.connected', { type: 'staff', id: staffId });
    await entry(20, 'connection.disconnected', { type: 'cli' });
    await entry(30, 'client.renamed', { type: 'staff', id: staffId }, ids.acme);
    await entry(40, 'connectionless', { type: 'cli' });
    await entry(50, 'client.renamed', { type: 'cli' }, ids.theirs, ids.b);
    const page = (query: Partial<Parameters<typeof listAuditEntries>[1]>) => listAuditEntries(t.store.db, { workspaceId: ids.a!, limit: 10, offset: 0, ...query });
    const all = await page({});
    expect(all.map((r) => r.at)).toEqual([40, 30, 20, 10]);
    expect(all[1]).toMatchObject({ action: 'client.renamed', actorType: 'staff', actorId: String(staffId), actorEmail: 'Sam@Agency.test', clientId: ids.acme, clientName: 'Acme', details: '{"at":30}' });
    expect(all[0]).toMatchObject({ actorEmail: null, clientName: null });
    expect((await page({ actorEmail: 'sam@agency.TEST' })).map((r) => r.at)).toEqual([30, 10]);
    expect((await page({ actorType: 'cli' })).map((r) => r.at)).toEqual([40, 20]);
    expect((await page({ actorType: 'staff', actorId: String(staffId) })).map((r) => r.at)).toEqual([30, 10]);
    expect((await page({ actionPrefix: 'connection.' })).map((r) => r.at)).toEqual([20, 10]);
    expect((await page({ action: 'client.renamed' })).map((r) => r.at)).toEqual([30]);
    expect((await page({ clientId: ids.acme })).map((r) => r.at)).toEqual([30]);
    expect((await page({ from: 20, to: 40 })).map((r) => r.at)).toEqual([30, 20]);
    expect((await page({ limit: 2, offset: 1 })).map((r) => r.at)).toEqual([30, 20]);
  });
});
