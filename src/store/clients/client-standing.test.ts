import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { reviewClientStanding } from '../../clients/review-client-standing.js';
import { ensureWorkspace } from '../workspaces/ensure-workspace.js';
import { listRecordClients } from './list-record-clients.js';
import { listClientSourceStates } from './list-client-source-states.js';
import { findClientStanding } from './find-client-standing.js';
import { findSourceClient } from './find-source-client.js';
import { insertClient } from './insert-client.js';
import { insertClientSource } from './insert-client-source.js';
import { insertProvisioning } from '../provisionings/insert-provisioning.js';
import { findDealProvisioning } from '../provisionings/find-deal-provisioning.js';
import { listClientWonDeals } from '../provisionings/list-client-won-deals.js';
import { listStoredExternalIds } from '../records/list-stored-external-ids.js';
import { findRecordProvider } from '../records/find-record-provider.js';

/** A client's life on both engines (issue 15): made from a won deal, off-boarded when it is lost, back when won again. */
describe.each(STORE_ENGINES)('client standing on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  let conn: number;
  let seq = 0;
  const deal = (isWon: boolean) => ({ name: 'Rebuild', isWon, companyExternalIds: ['101'] });

  async function record(kind: string, externalId: string, data: object, deleted = 0): Promise<number> {
    seq += 1;
    return (
      await t.store.db
        .insertInto('records')
        .values({ workspace_id: ws, connection_id: conn, provider: 'hubspot', object_type: `${kind}s`, external_id: externalId, kind, data: JSON.stringify(data), raw: '{}', content_hash: `h${seq}`, synced_at: seq, deleted })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  beforeAll(async () => {
    t = await openTestStore(engine);
    ws = await ensureWorkspace(t.store.db, 'main', 'Brightside', 5);
    expect(await ensureWorkspace(t.store.db, 'main', 'Renamed', 6)).toBe(ws);
    expect(await t.store.db.selectFrom('workspaces').select(['slug', 'name', 'created_at']).execute()).toEqual([{ slug: 'main', name: 'Brightside', created_at: 5 }]);
    conn = (await t.store.db.insertInto('connections').values({ workspace_id: ws, provider: 'hubspot', label: 'crm', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('reads what a client stands on, and ends sessions and links when it is offboarded', async () => {
    const q = t.store.db;
    const companyId = await record('company', '101', { name: 'Northwind' });
    const dealId = await record('deal', '301', deal(true));
    const lostId = await record('deal', '302', deal(false));
    const clientId = await insertClient(q, { workspaceId: ws, name: 'Northwind' }, 10);
    const otherId = await insertClient(q, { workspaceId: ws, name: 'Globex' }, 10);
    await insertClientSource(q, { clientId, recordId: companyId, how: 'provisioned_from_won_deal' }, 10);
    await insertProvisioning(q, { workspaceId: ws, dealRecordId: dealId, clientId }, 10);
    await insertProvisioning(q, { workspaceId: ws, dealRecordId: lostId, clientId }, 11);
    await expect(insertProvisioning(q, { workspaceId: ws, dealRecordId: dealId, clientId: otherId }, 12)).rejects.toThrow();

    expect(await findDealProvisioning(q, dealId)).toBe(clientId);
    expect(await findDealProvisioning(q, companyId)).toBeUndefined();
    expect(await findSourceClient(q, companyId)).toBe(clientId);
    expect(await findSourceClient(q, dealId)).toBeUndefined();
    expect(await listRecordClients(q, [dealId, companyId, lostId])).toEqual([clientId]);
    expect(await listRecordClients(q, [])).toEqual([]);
    expect(await listClientWonDeals(q, clientId)).toEqual(['301']);
    expect(await listClientSourceStates(q, clientId)).toEqual([{ deleted: false }]);
    expect(await findClientStanding(q, clientId)).toEqual({ workspaceId: ws, status: 'active', mergedIntoClientId: null });
    expect(await findClientStanding(q, 424242)).toBeUndefined();
    expect(await listStoredExternalIds(q, conn, 'deals', ['301', '302', '999'])).toEqual(new Set(['301', '302']));
    expect(await findRecordProvider(q, dealId)).toBe('hubspot');
    expect(await findRecordProvider(q, 424242)).toBeNull();

    const user = (await q.insertInto('portal_users').values({ workspace_id: ws, client_id: clientId, email: 'nancy@northwind.example', name: 'Nancy', status: 'active', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const stranger = (await q.insertInto('portal_users').values({ workspace_id: ws, client_id: otherId, email: 'hank@globex.example', name: 'Hank', status: 'active', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    for (const [userId, hash] of [[user, 's1'], [stranger, 's2']] as const) {
      await q.insertInto('sessions').values({ id_hash: hash, user_id: userId, csrf_token: 'x', created_at: 1, expires_at: 10_000, last_seen_at: 1 }).execute();
      await q.insertInto('auth_tokens').values({ token_hash: `t-${hash}`, user_id: userId, purpose: 'sign_in', created_at: 1, expires_at: 10_000 }).execute();
    }

    // The won deal is lost: no won deal is left, so the client is offboarded, once.
    await q.updateTable('records').set({ data: JSON.stringify(deal(false)) }).where('id', '=', dealId).execute();
    expect(await reviewClientStanding(t.store, [dealId], 100)).toEqual({ offboarded: [clientId], reactivated: [] });
    expect(await reviewClientStanding(t.store, [dealId], 101)).toEqual({ offboarded: [], reactivated: [] });
    expect(await findClientStanding(q, clientId)).toMatchObject({ status: 'offboarded' });
    expect(await q.selectFrom('sessions').select(['user_id', 'ended_at']).orderBy('user_id').execute()).toEqual([{ user_id: user, ended_at: 100 }, { user_id: stranger, ended_at: null }]);
    expect(await q.selectFrom('auth_tokens').select(['user_id', 'revoked_at']).orderBy('user_id').execute()).toEqual([{ user_id: user, revoked_at: 100 }, { user_id: stranger, revoked_at: null }]);
    const offboarded = await q.selectFrom('audit_log').select(['action', 'client_id', 'details']).where('action', '=', 'client.offboarded').execute();
    expect(offboarded).toHaveLength(1);
    expect(JSON.parse(offboarded[0]!.details)).toEqual({ reason: 'no won deal any more (lost, reopened or deleted)', sessionsEnded: 1, linksRevoked: 1 });

    // Won again: back, with the deals that say so.
    await q.updateTable('records').set({ data: JSON.stringify(deal(true)) }).where('id', '=', dealId).execute();
    expect(await reviewClientStanding(t.store, [dealId], 200)).toEqual({ offboarded: [], reactivated: [clientId] });
    const reactivated = await q.selectFrom('audit_log').select('details').where('action', '=', 'client.reactivated').executeTakeFirstOrThrow();
    expect(JSON.parse(reactivated.details)).toEqual({ reason: 'a deal is won again', deals: ['301'] });

    // The company is removed: offboarded although the deal stays won.
    await q.updateTable('records').set({ deleted: 1 }).where('id', '=', companyId).execute();
    expect(await listClientSourceStates(q, clientId)).toEqual([{ deleted: true }]);
    expect(await reviewClientStanding(t.store, [companyId], 300)).toEqual({ offboarded: [clientId], reactivated: [] });
    expect(await q.selectFrom('clients').select(['id', 'status', 'updated_at']).orderBy('id').execute()).toEqual([
      { id: clientId, status: 'offboarded', updated_at: 300 },
      { id: otherId, status: 'active', updated_at: 10 },
    ]);
  });
});
