import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../tests/support/store-engines.js';
import { loadConfig } from '../config/load-config.js';
import { createKeyring } from '../crypto/secret-box.js';
import type { Contact, Deal } from '../model/unified-model.js';
import type { Queryable } from '../store/store.js';
import { provisionClient, type ProvisionPlan } from './provision-client.js';

/**
 * Provisioning on both engines (issue 15): a won deal provisions one client and one portal account
 * per contact even when several workers provision it at the same moment (on PostgreSQL each on its
 * own pooled connection, serializable, retried by the store).
 */
const deal: Deal = {
  name: 'Website rebuild', amountMinor: 100, currency: 'USD', pipelineId: null, stageId: 'closedwon', stageLabel: null, isClosed: true, isWon: true,
  closeDate: null, ownerExternalId: null, companyExternalIds: ['101'], contactExternalIds: ['201', '202', '203'],
};
const contact = (email: string | null, fullName: string, emailOptedOut = false, companyExternalIds = ['101']) =>
  ({ email, fullName, firstName: fullName.split(' ')[0]!, emailOptedOut, companyExternalIds }) as unknown as Contact;

describe.each(STORE_ENGINES)('provisioning a won deal on %s', (engine) => {
  let t: TestStore;
  let dir: string;
  let app: Parameters<typeof provisionClient>[0];
  let seq = 0;

  /** A cached record; its company refs (record_refs) follow from data.companyExternalIds, by the database's triggers. */
  async function record(q: Queryable, ws: number, conn: number, kind: string, externalId: string, data: object): Promise<number> {
    seq += 1;
    const { id } = await q
      .insertInto('records')
      .values({ workspace_id: ws, connection_id: conn, provider: 'hubspot', object_type: `${kind}s`, external_id: externalId, kind, data: JSON.stringify(data), raw: '{}', content_hash: `h${seq}`, synced_at: seq })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** A workspace with a HubSpot connection, a company, a won deal, three contacts (one opted out) and a stray deal of the company. */
  async function seed(slug: string): Promise<{ plan: ProvisionPlan; straysDealId: number }> {
    const q = t.store.db;
    const ws = (await q.insertInto('workspaces').values({ slug, name: slug, created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const conn = (await q.insertInto('connections').values({ workspace_id: ws, provider: 'hubspot', label: 'crm', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const companyId = await record(q, ws, conn, 'company', '101', { name: 'Northwind Traders' });
    const dealId = await record(q, ws, conn, 'deal', '301', deal);
    const straysDealId = await record(q, ws, conn, 'deal', '302', { ...deal, isWon: false });
    const people = [contact(`nancy@${slug}.example`, 'Nancy Davolio'), contact(`andrew@${slug}.example`, 'Andrew Fuller'), contact(`janet@${slug}.example`, 'Janet Leverling', true)];
    const contacts = [];
    for (const [i, person] of people.entries()) contacts.push({ id: await record(q, ws, conn, 'contact', `20${i + 1}`, person), contact: person });
    return {
      plan: { deal: { id: dealId, workspaceId: ws, connectionId: conn, provider: 'hubspot', externalId: '301', data: deal }, company: { id: companyId, externalId: '101', name: 'Northwind Traders' }, contacts },
      straysDealId,
    };
  }

  beforeAll(async () => {
    t = await openTestStore(engine, { poolSize: 8 });
    dir = mkdtempSync(join(tmpdir(), 'clienthub-provision-'));
    const config = loadConfig({ CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: 'provision-test-secret-key-0123456789-abcdefgh', PUBLIC_URL: 'http://hub.test', CLIENTHUB_BUSINESS_NAME: 'Brightside Agency' }, dir);
    app = { store: t.store, config, keyring: createKeyring(config.secretKey!) };
  });
  afterAll(async () => {
    await t?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('provisions one client, its accounts and invitations, once, when workers race on the same deal', async () => {
    const { plan, straysDealId } = await seed('race');
    const ws = plan.deal.workspaceId;
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => provisionClient(app, plan)));
    // A second wave, after the first committed: it finds the provisioning and creates nothing.
    outcomes.push(...(await Promise.all([provisionClient(app, plan), provisionClient(app, plan)])));

    const created = outcomes.filter((o) => o.created);
    expect(created).toHaveLength(1);
    const clientId = created[0]!.clientId;
    expect(outcomes.map((o) => o.clientId)).toEqual(outcomes.map(() => clientId));
    expect(created[0]!.invitedUserIds).toHaveLength(2);

    const q = t.store.db;
    expect(await q.selectFrom('clients').select(['id', 'name', 'status']).where('workspace_id', '=', ws).execute()).toEqual([{ id: clientId, name: 'Northwind Traders', status: 'active' }]);
    expect(await q.selectFrom('provisionings').select(['deal_record_id', 'client_id']).where('workspace_id', '=', ws).execute()).toEqual([{ deal_record_id: plan.deal.id, client_id: clientId }]);
    expect(await q.selectFrom('client_sources').select(['record_id', 'how']).where('client_id', '=', clientId).execute()).toEqual([{ record_id: plan.company!.id, how: 'provisioned_from_won_deal' }]);
    const users = await q.selectFrom('portal_users').select(['email', 'status', 'role', 'invitation_withheld_by', 'contact_record_id']).where('workspace_id', '=', ws).orderBy('id').execute();
    expect(users).toEqual([
      { email: 'nancy@race.example', status: 'invited', role: 'client_admin', invitation_withheld_by: null, contact_record_id: plan.contacts[0]!.id },
      { email: 'andrew@race.example', status: 'invited', role: 'client_admin', invitation_withheld_by: null, contact_record_id: plan.contacts[1]!.id },
      { email: 'janet@race.example', status: 'invited', role: 'client_admin', invitation_withheld_by: 'hubspot', contact_record_id: plan.contacts[2]!.id },
    ]);
    // The opted-out contact gets an account but no link and no mail; the others one of each.
    const mails = await q.selectFrom('outbox_messages').select(['kind', 'to_address', 'subject']).where('workspace_id', '=', ws).orderBy('id').execute();
    expect(mails.map((m) => [m.kind, m.to_address])).toEqual([['invitation', 'nancy@race.example'], ['invitation', 'andrew@race.example']]);
    expect(mails[0]!.subject).toContain('Northwind Traders');
    expect(await q.selectFrom('auth_tokens').select('purpose').where('user_id', 'in', created[0]!.invitedUserIds).execute()).toEqual([{ purpose: 'invitation' }, { purpose: 'invitation' }]);
    const audit = await q.selectFrom('audit_log').select('action').where('workspace_id', '=', ws).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['client.provisioned', 'portal_user.invited', 'portal_user.invited', 'portal_user.invitation_withheld']);
    // The deal, the company, its contacts and its other deal belong to the client now.
    const owned = await q.selectFrom('records').select(['id', 'client_id']).where('workspace_id', '=', ws).orderBy('id').execute();
    expect(owned.every((r) => r.client_id === clientId)).toBe(true);
    expect(owned.map((r) => r.id)).toContain(straysDealId);
  });

  it("a second won deal of the same company joins its client, and a contact of another client is not moved", async () => {
    const { plan } = await seed('second');
    const first = await provisionClient(app, plan);
    const q = t.store.db;
    // Another won deal of the same company, naming Nancy (already invited) and a contact another client holds.
    const secondDealId = await record(q, plan.deal.workspaceId, plan.deal.connectionId, 'deal', '303', deal);
    const other = (await q.insertInto('clients').values({ workspace_id: plan.deal.workspaceId, name: 'Globex', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    await q.insertInto('portal_users').values({ workspace_id: plan.deal.workspaceId, client_id: other, email: 'hank@globex.example', name: 'Hank', status: 'active', created_at: 1 }).execute();
    const hank = contact('hank@globex.example', 'Hank Scorpio', false, []);
    const hankId = await record(q, plan.deal.workspaceId, plan.deal.connectionId, 'contact', '299', hank);
    await q.updateTable('records').set({ client_id: other }).where('id', '=', hankId).execute();

    const second = await provisionClient(app, { ...plan, deal: { ...plan.deal, id: secondDealId, externalId: '303' }, contacts: [plan.contacts[0]!, { id: hankId, contact: hank }] });
    expect(second).toEqual({ clientId: first.clientId, created: true, invitedUserIds: [] });
    expect(await q.selectFrom('clients').select('id').where('workspace_id', '=', plan.deal.workspaceId).orderBy('id').execute()).toEqual([{ id: first.clientId }, { id: other }]);
    expect((await q.selectFrom('records').select('client_id').where('id', '=', hankId).executeTakeFirstOrThrow()).client_id).toBe(other);
    const audit = await q.selectFrom('audit_log').select(['action', 'subject_id']).where('workspace_id', '=', plan.deal.workspaceId).where('action', 'in', ['client.deal_won', 'provisioning.contact_belongs_to_other_client']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['provisioning.contact_belongs_to_other_client', 'client.deal_won']);
    expect(audit[1]!.subject_id).toBe(String(secondDealId));
  });
});
