import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { listWriteAnchorRecords } from './list-write-anchor-records.js';
import { findRecordExternalId } from './find-record-external-id.js';
import { findClientRecordId } from './find-client-record-id.js';
import { findConnection } from '../connections/find-connection.js';
import { findRecordRef } from './find-record-ref.js';
import { findUserContactRecordId } from '../portal-users/find-user-contact-record-id.js';

describe.each(STORE_ENGINES)('outbox record look-ups on %s', (engine) => {
  let t: TestStore;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await openTestStore(engine);
    const q = t.store.db;
    const ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.mine = (await q.insertInto('clients').values({ workspace_id: ws, name: 'Mine', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.theirs = (await q.insertInto('clients').values({ workspace_id: ws, name: 'Theirs', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.crm = (await q.insertInto('connections').values({ workspace_id: ws, provider: 'hubspot', label: 'CRM', auth_type: 'oauth', settings: '{"portalId":7}', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.pm = (await q.insertInto('connections').values({ workspace_id: ws, provider: 'asana', label: 'PM', auth_type: 'token', status: 'disconnected', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const record = async (name: string, values: { clientId: number | null; connectionId: number; kind: string; externalId: string; deleted?: number }) => {
      ids[name] = (
        await q
          .insertInto('records')
          .values({ workspace_id: ws, connection_id: values.connectionId, provider: values.connectionId === ids.crm ? 'hubspot' : 'asana', kind: values.kind, external_id: values.externalId, client_id: values.clientId, object_type: values.kind, data: '{}', raw: '{}', deleted: values.deleted ?? 0, synced_at: 1, version: 1, content_hash: name })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    await record('myCompany', { clientId: ids.mine, connectionId: ids.crm, kind: 'company', externalId: 'C-1' });
    await record('myProject', { clientId: ids.mine, connectionId: ids.pm, kind: 'project', externalId: 'P-1' });
    await record('myGoneProject', { clientId: ids.mine, connectionId: ids.pm, kind: 'project', externalId: 'P-0', deleted: 1 });
    await record('theirCompany', { clientId: ids.theirs, connectionId: ids.crm, kind: 'company', externalId: 'C-2' });
    await record('myContact', { clientId: ids.mine, connectionId: ids.crm, kind: 'contact', externalId: 'K-1' });
    ids.ann = (await q.insertInto('portal_users').values({ workspace_id: ws, client_id: ids.mine!, email: 'ann@mine.example', name: 'Ann', status: 'active', contact_record_id: ids.myContact!, created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.bob = (await q.insertInto('portal_users').values({ workspace_id: ws, client_id: ids.mine!, email: 'bob@mine.example', name: 'Bob', status: 'active', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('lists only the client’s live records of the kinds asked, or the one record named', async () => {
    expect(await listWriteAnchorRecords(t.store.db, ids.mine!, ['project', 'company'])).toEqual([
      { id: ids.myCompany, kind: 'company', connectionId: ids.crm, externalId: 'C-1' },
      { id: ids.myProject, kind: 'project', connectionId: ids.pm, externalId: 'P-1' },
    ]);
    expect(await listWriteAnchorRecords(t.store.db, ids.mine!, ['company'], ids.theirCompany)).toEqual([]);
    expect(await listWriteAnchorRecords(t.store.db, ids.mine!, ['project'], ids.myGoneProject)).toEqual([]);
    expect(await listWriteAnchorRecords(t.store.db, ids.mine!, [])).toEqual([]);
  });

  it('finds a record’s provider id on its connection and a client’s record by provider id, never another client’s', async () => {
    expect(await findRecordExternalId(t.store.db, ids.myContact!, ids.crm!)).toBe('K-1');
    expect(await findRecordExternalId(t.store.db, ids.myContact!, ids.pm!)).toBeNull();
    expect(await findClientRecordId(t.store.db, { clientId: ids.mine!, connectionId: ids.crm!, kind: 'company', externalId: 'C-1' })).toBe(ids.myCompany);
    expect(await findClientRecordId(t.store.db, { clientId: ids.mine!, connectionId: ids.crm!, kind: 'company', externalId: 'C-2' })).toBeNull();
  });

  it('reads a connection with its settings parsed', async () => {
    expect(await findConnection(t.store.db, ids.crm!)).toMatchObject({ id: ids.crm, provider: 'hubspot', authType: 'oauth', settings: { portalId: 7 }, status: 'active' });
    expect(await findConnection(t.store.db, ids.pm!)).toMatchObject({ status: 'disconnected' });
    expect(await findConnection(t.store.db, 999_999)).toBeUndefined();
  });

  it('reads a record’s provider reference and a portal user’s contact record', async () => {
    expect(await findRecordRef(t.store.db, ids.myProject!)).toEqual({ externalId: 'P-1', connectionId: ids.pm });
    expect(await findRecordRef(t.store.db, 999_999)).toBeUndefined();
    expect(await findUserContactRecordId(t.store.db, ids.ann!)).toBe(ids.myContact);
    expect(await findUserContactRecordId(t.store.db, ids.bob!)).toBeNull();
  });
});
