import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import type { Queryable } from '../store.js';
import { DEFAULT_IDENTITY_RULES } from '../../identity/identity-rules.js';
import { resolveLinks } from '../../identity/resolve-links.js';
import { linkRecordManually } from '../../identity/link-record-manually.js';
import { releaseRecordLink } from '../../identity/release-record-link.js';
import { mergeClients } from '../../identity/merge-clients.js';
import { resolveLinkReview } from '../../identity/resolve-link-review.js';
import { refreshIdentityKeys } from '../../identity/refresh-identity-keys.js';
import { listLinkRows } from './list-link-rows.js';
import { listWorkspaceLinkRows } from './list-workspace-link-rows.js';
import { listDependentLinkRows } from './list-dependent-link-rows.js';
import { listReferencingLinkRows } from './list-referencing-link-rows.js';
import { listParentClients } from './list-parent-clients.js';
import { listRecordRaws } from './list-record-raws.js';
import { listCrmProviders } from './list-crm-providers.js';
import { listActiveClientNames } from './list-active-client-names.js';
import { listAnchorCandidateRows } from './list-anchor-candidate-rows.js';
import { listProvisionedPortalUsers } from './list-provisioned-portal-users.js';
import { listClientsByIdentityKeys } from './list-clients-by-identity-keys.js';
import { listClientsByCrmIds } from './list-clients-by-crm-ids.js';
import { listIdentityNames } from './list-identity-names.js';
import { takePendingIdentityKeys } from './take-pending-identity-keys.js';
import { listIdentityKeySources } from './list-identity-key-sources.js';
import { replaceIdentityKeys } from './replace-identity-keys.js';
import { findRecordClient } from './find-record-client.js';
import { upsertRecordLinks } from './upsert-record-links.js';
import { deleteRecordLink } from './delete-record-link.js';
import { deleteRuleLinks } from './delete-rule-links.js';
import { insertAuditEntries } from '../audit/insert-audit-entries.js';
import { findManualLink } from './find-manual-link.js';
import { listLinkReviewStates } from './list-link-review-states.js';
import { insertLinkReview } from './insert-link-review.js';
import { updateLinkReviewCandidates } from './update-link-review-candidates.js';
import { closeLinkReview } from './close-link-review.js';
import { dismissLinkReview } from './dismiss-link-review.js';
import { findLinkReview } from './find-link-review.js';
import { listOpenLinkReviewCandidates } from './list-open-link-review-candidates.js';
import { findIdentityRulesFingerprint } from './find-identity-rules-fingerprint.js';
import { updateIdentityRulesFingerprint } from './update-identity-rules-fingerprint.js';
import { findRecordLinkDetails } from './find-record-link-details.js';
import { findWorkspaceClient } from '../clients/find-workspace-client.js';
import { moveClientRows } from '../clients/move-client-rows.js';
import { updateClientMerged } from '../clients/update-client-merged.js';
import { listClientsWithCounts } from '../clients/list-clients-with-counts.js';
import { findRecordById } from '../records/find-record-by-id.js';
import { findProviderRecord } from '../records/find-provider-record.js';
import { updateRecordClient } from '../records/update-record-client.js';
import { updateRecordsClients } from '../records/update-records-clients.js';
import { hasRowWithId } from '../common/has-row-with-id.js';

const company = (name: string, extra: Record<string, unknown> = {}) => ({ name, domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null, ...extra });

interface Seeded {
  ws: number;
  other: number;
  conn: Record<'hubspot' | 'xero' | 'stripe', number>;
  clients: Record<'acme' | 'globex' | 'soylent', number>;
  records: Record<string, number>;
}

/**
 * A small world: Acme and Globex won in HubSpot (their companies provisioned, a contact each), a
 * Xero contact with Acme's address and its invoice and payment, a Stripe customer naming Globex's
 * CRM id, one whose name only resembles Soylent's, and a stranger.
 */
async function seed(q: Queryable): Promise<Seeded> {
  const ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const other = (await q.insertInto('workspaces').values({ slug: 'other', name: 'Other', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const connection = async (provider: string, workspaceId = ws) => (await q.insertInto('connections').values({ workspace_id: workspaceId, provider, label: provider, auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const conn = { hubspot: await connection('hubspot'), xero: await connection('xero'), stripe: await connection('stripe') };
  const client = async (name: string) => (await q.insertInto('clients').values({ workspace_id: ws, name, created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const clients = { acme: await client('Acme Corporation'), globex: await client('Globex Ltd'), soylent: await client('Soylent Green Foods') };
  const records: Record<string, number> = {};
  const put = async (key: string, provider: keyof typeof conn, objectType: string, kind: string, externalId: string, data: Record<string, unknown>, raw: Record<string, unknown> = {}, refs: [string, string][] = []) => {
    records[key] = (await q.insertInto('records').values({ workspace_id: ws, connection_id: conn[provider], provider, object_type: objectType, kind, external_id: externalId, data: JSON.stringify(data), raw: JSON.stringify({ id: externalId, ...raw }), content_hash: key, synced_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    // record_refs are the database's own (triggers on both engines read the id lists from data).
    expect((await q.selectFrom('record_refs').select(['ref_kind', 'external_id']).where('record_id', '=', records[key]!).execute()).map((r) => [r.ref_kind, r.external_id])).toEqual(refs);
  };
  await put('hsAcme', 'hubspot', 'companies', 'company', '101', company('Acme Corporation', { domain: 'acme.com' }));
  await put('hsGlobex', 'hubspot', 'companies', 'company', '102', company('Globex Ltd', { domain: 'globex.com' }));
  await put('hsJane', 'hubspot', 'contacts', 'contact', '201', { email: 'jane@acme.com', companyExternalIds: ['101'] }, {}, [['company', '101']]);
  await put('hsDeal', 'hubspot', 'deals', 'deal', '301', { name: 'Acme site', isWon: true, companyExternalIds: ['101'] }, {}, [['company', '101']]);
  await put('xeroAcme', 'xero', 'Contact', 'company', 'x-acme', company('ACME Corp.', { emails: ['jane@acme.com'] }));
  await put('xeroInvoice', 'xero', 'Invoice', 'invoice', 'xi-1', { number: 'INV-1', customerExternalId: 'x-acme' });
  await put('xeroPayment', 'xero', 'Payment', 'payment', 'xp-1', { customerExternalId: null, invoiceExternalIds: ['xi-1'] }, {}, [['invoice', 'xi-1']]);
  await put('stripeGlobex', 'stripe', 'Customer', 'company', 'cus_globex', company('Globex billing', { emails: ['billing@elsewhere.example'] }), { metadata: { crm: '102' } });
  await put('stripeSoylent', 'stripe', 'Customer', 'company', 'cus_soylent', company('Soylent Green Foods, Inc.'));
  await put('stranger', 'stripe', 'Customer', 'company', 'cus_nobody', company('Nobody Ltd', { emails: ['x@nowhere.example'] }));
  for (const [key, clientKey] of [['hsAcme', 'acme'], ['hsGlobex', 'globex']] as const) {
    await q.insertInto('client_sources').values({ client_id: clients[clientKey], record_id: records[key]!, how: 'provisioned_from_won_deal', created_at: 1 }).execute();
  }
  return { ws, other, conn, clients, records };
}

const rules = { ...DEFAULT_IDENTITY_RULES, explicitIdFields: { stripe: { Customer: 'metadata.crm' } } };

describe.each(STORE_ENGINES)('identity linking on %s', (engine) => {
  let t: TestStore;
  let w: Seeded;
  const ownerOf = async (key: string) => (await findRecordClient(t.store.db, w.records[key]!))?.clientId ?? null;
  beforeAll(async () => {
    t = await openTestStore(engine);
    w = await seed(t.store.db);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('reads the records linking judges, with their decisions, by id, by workspace, by what they point at', async () => {
    const q = t.store.db;
    expect((await listLinkRows(q, [w.records.hsJane!, w.records.xeroAcme!, 999999])).map((r) => r.id).sort((a, b) => a - b)).toEqual([w.records.hsJane, w.records.xeroAcme]);
    const all = await listWorkspaceLinkRows(q, w.ws);
    expect(all).toHaveLength(Object.keys(w.records).length);
    expect(all.find((r) => r.id === w.records.hsAcme)).toMatchObject({ kind: 'company', provider: 'hubspot', source_client_id: w.clients.acme, client_id: null, link_method: null, manual: null });
    const dependents = await listDependentLinkRows(q, [{ connection_id: w.conn.xero, external_id: 'x-acme' }, { connection_id: w.conn.hubspot, external_id: '101' }]);
    expect(dependents.map((r) => [r.id, r.root])).toEqual([[w.records.xeroInvoice, 0], [w.records.hsJane, 1], [w.records.hsDeal, 1]]);
    expect((await listReferencingLinkRows(q, { connectionId: w.conn.xero, kind: 'payment', refKind: 'invoice', externalId: 'xi-1', withoutCustomer: true })).map((r) => r.id)).toEqual([w.records.xeroPayment]);
    expect(await listReferencingLinkRows(q, { connectionId: w.conn.hubspot, kind: 'quote', refKind: 'deal', externalId: '301' })).toEqual([]);
    await updateRecordClient(q, w.records.xeroInvoice!, w.clients.acme);
    const parents = await listParentClients(q, [{ connectionId: w.conn.xero, kind: 'invoice', externalId: 'xi-1' }, { connectionId: w.conn.xero, kind: 'invoice', externalId: 'missing' }, { connectionId: w.conn.hubspot, kind: 'company', externalId: '101' }]);
    expect(parents).toEqual(expect.arrayContaining([{ connectionId: w.conn.xero, kind: 'invoice', externalId: 'xi-1', clientId: w.clients.acme }, { connectionId: w.conn.hubspot, kind: 'company', externalId: '101', clientId: null }]));
    expect(parents).toHaveLength(2);
    await updateRecordClient(q, w.records.xeroInvoice!, null);
    const raws = await listRecordRaws(q, [w.records.stripeGlobex!]);
    expect(JSON.parse(raws.get(w.records.stripeGlobex!)!)).toEqual({ id: 'cus_globex', metadata: { crm: '102' } });
    expect([...(await listCrmProviders(q, w.ws))]).toEqual(['hubspot']);
    expect(await listCrmProviders(q, w.other)).toEqual(new Set());
  });

  it('reads and writes identity keys, and finds clients by key only through anchors', async () => {
    const q = t.store.db;
    // Migration 015's triggers queued every inserted record, client and user.
    const pending = await takePendingIdentityKeys(q);
    expect(pending.filter((p) => p.subject === 'client').map((p) => p.subject_id).sort((a, b) => a - b)).toEqual(Object.values(w.clients).sort((a, b) => a - b));
    expect(await takePendingIdentityKeys(q)).toEqual([]);
    const sources = await listIdentityKeySources(q, { record: [w.records.hsJane!], client: [w.clients.acme], portal_user: [] });
    expect(sources).toEqual([
      { subject: 'record', id: w.records.hsJane, workspace_id: w.ws, kind: 'contact', data: expect.stringContaining('jane@acme.com') },
      { subject: 'client', id: w.clients.acme, workspace_id: w.ws, name: 'Acme Corporation' },
    ]);
    const key = (subject: string, id: number, type: string, value: string) => ({ subject, subject_id: id, workspace_id: w.ws, key_type: type, key: value });
    await replaceIdentityKeys(q, [{ subject: 'client', subject_id: w.clients.acme }], [key('client', w.clients.acme, 'name', 'old name')]);
    await replaceIdentityKeys(q, [{ subject: 'client', subject_id: w.clients.acme }], [key('client', w.clients.acme, 'name', 'acme'), key('client', w.clients.acme, 'name', 'acme')]);
    expect(await q.selectFrom('identity_keys').select('key').where('subject', '=', 'client').where('subject_id', '=', w.clients.acme).execute()).toEqual([{ key: 'acme' }]);
    // The service computes every queued row's keys (the queue was emptied above: queue them again).
    await q.insertInto('identity_keys_pending').values([...Object.values(w.records).map((id) => ({ subject: 'record', subject_id: id })), ...Object.values(w.clients).map((id) => ({ subject: 'client', subject_id: id }))]).execute();
    expect(await t.store.transaction((tx) => refreshIdentityKeys(tx))).toBe(Object.keys(w.records).length + 3);

    // Nothing is linked yet: no company stands for a client, only clients' own names do.
    const crm = ['hubspot'];
    const byAddress = (keys: string[]) => listClientsByIdentityKeys(q, { workspaceId: w.ws, crmProviders: crm, alsoFrom: 'portal_user', keys: [{ type: 'email', keys }, { type: 'domain', keys: keys.map((k) => k.split('@')[1]!) }] });
    expect(await byAddress(['jane@acme.com'])).toEqual([]);
    expect(await listClientsByIdentityKeys(q, { workspaceId: w.ws, crmProviders: crm, alsoFrom: 'client', keys: [{ type: 'name', keys: ['acme', 'globex'] }] })).toEqual(expect.arrayContaining([{ key_type: 'name', key: 'acme', client_id: w.clients.acme }, { key_type: 'name', key: 'globex', client_id: w.clients.globex }]));
    await updateRecordClient(q, w.records.hsAcme!, w.clients.acme);
    await updateRecordClient(q, w.records.hsJane!, w.clients.acme);
    // A CRM contact of Acme: its address and domain; the same without CRM providers and no person's decision: nothing.
    expect((await byAddress(['jane@acme.com'])).sort((a, b) => a.key_type.localeCompare(b.key_type))).toEqual([{ key_type: 'domain', key: 'acme.com', client_id: w.clients.acme }, { key_type: 'email', key: 'jane@acme.com', client_id: w.clients.acme }]);
    expect(await listClientsByIdentityKeys(q, { workspaceId: w.ws, crmProviders: [], alsoFrom: 'portal_user', keys: [{ type: 'email', keys: ['jane@acme.com'] }] })).toEqual([]);
    // A signed-in portal user provisioned from that contact is evidence; an invited one is not.
    await q.insertInto('portal_users').values([
      { workspace_id: w.ws, client_id: w.clients.acme, email: 'boss@acme-portal.example', name: 'Boss', status: 'active', contact_record_id: w.records.hsJane!, created_at: 1 },
      { workspace_id: w.ws, client_id: w.clients.acme, email: 'new@acme-invited.example', name: 'New', status: 'invited', contact_record_id: w.records.hsJane!, created_at: 1 },
    ]).execute();
    await t.store.transaction((tx) => refreshIdentityKeys(tx));
    expect(await byAddress(['boss@acme-portal.example'])).toEqual(expect.arrayContaining([{ key_type: 'email', key: 'boss@acme-portal.example', client_id: w.clients.acme }]));
    expect(await byAddress(['new@acme-invited.example'])).toEqual([]);
    expect((await listProvisionedPortalUsers(q, w.ws)).map((u) => u.email)).toEqual(['boss@acme-portal.example']);
    expect(await listClientsByCrmIds(q, { workspaceId: w.ws, crmProviders: crm, ids: ['101', '102', 'nope'] })).toEqual([{ external_id: '101', client_id: w.clients.acme }]);
    expect(await listClientsByCrmIds(q, { workspaceId: w.ws, crmProviders: [], ids: ['101'] })).toEqual([]);
    expect((await listIdentityNames(q, w.ws, crm)).sort((a, b) => a.key.localeCompare(b.key) || a.client_id - b.client_id)).toEqual([
      { key: 'acme', client_id: w.clients.acme },
      { key: 'globex', client_id: w.clients.globex },
      { key: 'soylent green foods', client_id: w.clients.soylent },
    ]);
    expect((await listActiveClientNames(q, w.ws)).map((c) => c.name)).toEqual(['Acme Corporation', 'Globex Ltd', 'Soylent Green Foods']);
    expect((await listAnchorCandidateRows(q, w.ws)).map((r) => [r.id, r.method])).toEqual([[w.records.hsAcme, null], [w.records.hsJane, null]]);
    // Back as the world was, for the next test.
    await updateRecordClient(q, w.records.hsAcme!, null);
    await updateRecordClient(q, w.records.hsJane!, null);
    await q.deleteFrom('portal_users').execute();
  });

  it('links the world by the rules, as a sync page and as a whole-workspace pass, and reads it back', async () => {
    const summary = await t.store.transaction((tx) => resolveLinks(tx, w.ws, rules, Object.values(w.records), 1000), { isolation: 'serializable' });
    expect(summary).toMatchObject({ evaluated: Object.keys(w.records).length });
    const owners = async () => Object.fromEntries(await Promise.all(Object.keys(w.records).map(async (key) => [key, await ownerOf(key)])));
    const expected = {
      hsAcme: w.clients.acme, hsGlobex: w.clients.globex, hsJane: w.clients.acme, hsDeal: w.clients.acme,
      xeroAcme: w.clients.acme, xeroInvoice: w.clients.acme, xeroPayment: w.clients.acme,
      stripeGlobex: w.clients.globex, stripeSoylent: null, stranger: null,
    };
    expect(await owners()).toEqual(expected);
    const states = await listLinkReviewStates(t.store.db, [w.records.stripeSoylent!, w.records.stranger!]);
    expect(states.get(w.records.stripeSoylent!)?.open).toMatchObject({ reason: 'suggestion' });
    expect(states.has(w.records.stranger!)).toBe(false);
    expect(await findRecordLinkDetails(t.store.db, w.records.xeroAcme!, w.ws)).toMatchObject({ method: 'email', manual: 0, client: 'Acme Corporation', confidence: 0.95 });
    expect(await findRecordLinkDetails(t.store.db, w.records.xeroAcme!, w.other)).toBeUndefined();
    const audits = await t.store.db.selectFrom('audit_log').select('action').where('action', '=', 'record.link_decided').execute();
    expect(audits.length).toBe(2);
    // The whole-workspace pass agrees and changes nothing.
    expect(await t.store.transaction((tx) => resolveLinks(tx, w.ws, rules, undefined, 2000))).toMatchObject({ linked: 0, unlinked: 0, reviewed: 0 });
    expect(await owners()).toEqual(expected);
    expect((await listClientsWithCounts(t.store.db, w.ws)).map((c) => [c.name, c.records, c.users])).toEqual([['Acme Corporation', 6, 0], ['Globex Ltd', 2, 0], ['Soylent Green Foods', 0, 0]]);
  });

  it('staff decide, answer reviews, release and merge, each audited with the change', async () => {
    const actor = { type: 'staff' as const, id: 'ops' };
    const review = (await listLinkReviewStates(t.store.db, [w.records.stripeSoylent!])).get(w.records.stripeSoylent!)!.open!;
    expect(await findLinkReview(t.store.db, review.id, w.ws)).toEqual({ recordId: w.records.stripeSoylent, status: 'open' });
    await resolveLinkReview(t.store, { workspaceId: w.ws, reviewId: review.id, answer: { action: 'link', clientId: w.clients.soylent }, actor, rules }, 3000);
    expect(await ownerOf('stripeSoylent')).toBe(w.clients.soylent);
    expect(await findLinkReview(t.store.db, review.id, w.ws)).toEqual({ recordId: w.records.stripeSoylent, status: 'resolved' });
    await expect(resolveLinkReview(t.store, { workspaceId: w.ws, reviewId: review.id, answer: { action: 'dismiss' }, actor, rules })).rejects.toThrow(/already resolved/);

    // Staff say the Xero contact is nobody's: its invoice and payment follow at once.
    await linkRecordManually(t.store, { workspaceId: w.ws, recordId: w.records.xeroAcme!, clientId: null, actor, rules }, 4000);
    expect([await ownerOf('xeroAcme'), await ownerOf('xeroInvoice'), await ownerOf('xeroPayment')]).toEqual([null, null, null]);
    expect(await findManualLink(t.store.db, w.records.xeroAcme!, w.ws)).toEqual({ clientId: null });
    await expect(linkRecordManually(t.store, { workspaceId: w.ws, recordId: w.records.xeroAcme!, clientId: w.clients.acme, actor, rules, expectUnlinked: true })).resolves.toBeUndefined();
    await expect(linkRecordManually(t.store, { workspaceId: w.ws, recordId: w.records.stranger!, clientId: w.clients.acme, actor, rules, expectUnlinked: true }, 5000)).resolves.toBeUndefined();
    await expect(linkRecordManually(t.store, { workspaceId: w.ws, recordId: w.records.stranger!, clientId: w.clients.globex, actor, rules, expectUnlinked: true })).rejects.toThrow(/since the list was shown/);
    await expect(linkRecordManually(t.store, { workspaceId: w.other, recordId: w.records.stranger!, clientId: w.clients.acme, actor, rules })).rejects.toThrow(/No record/);
    // Released, the rules decide again (Acme, by its address).
    expect(await releaseRecordLink(t.store, { workspaceId: w.ws, recordId: w.records.xeroAcme!, actor, rules }, 6000)).toBe(w.clients.acme);
    expect(await ownerOf('xeroPayment')).toBe(w.clients.acme);
    await expect(releaseRecordLink(t.store, { workspaceId: w.ws, recordId: w.records.xeroAcme!, actor, rules })).rejects.toThrow(/no manual decision/);

    // Globex merges into Acme: records, the open review's candidates, and the client itself.
    const reviewId = await t.store.transaction((tx) => insertLinkReview(tx, { workspaceId: w.ws, recordId: w.records.hsDeal!, reason: 'conflict', candidates: JSON.stringify([{ clientId: w.clients.globex }]) }, 7000));
    const moved = await mergeClients(t.store, { workspaceId: w.ws, fromClientId: w.clients.globex, intoClientId: w.clients.acme, actor, rules }, 8000);
    expect(moved).toEqual({ movedRecords: 2, movedUsers: 0 });
    expect(await ownerOf('stripeGlobex')).toBe(w.clients.acme);
    expect(await findWorkspaceClient(t.store.db, w.clients.globex, w.ws)).toEqual({ id: w.clients.globex, name: 'Globex Ltd', status: 'offboarded', mergedIntoClientId: w.clients.acme });
    expect((await listOpenLinkReviewCandidates(t.store.db, w.ws)).find((r) => r.id === reviewId)?.candidates).toBe(JSON.stringify([{ clientId: w.clients.acme }]));
    await expect(linkRecordManually(t.store, { workspaceId: w.ws, recordId: w.records.stranger!, clientId: w.clients.globex, actor, rules })).rejects.toThrow(/merged into client/);
    await expect(mergeClients(t.store, { workspaceId: w.ws, fromClientId: w.clients.globex, intoClientId: w.clients.soylent, actor, rules })).rejects.toThrow(/already merged/);
    const actions = (await t.store.db.selectFrom('audit_log').select('action').where('actor_type', '=', 'staff').orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['record.linked_manually', 'record.unlinked_manually', 'record.linked_manually', 'record.linked_manually', 'record.link_released', 'client.merged']);
  });

  it('the smaller writes and reads: links, reviews, clients, records, fingerprints, ids', async () => {
    const q = t.store.db;
    const id = w.records.stranger!;
    const link = (recordId: number, clientId: number | null, manual: boolean, decidedAt: number) => ({ recordId, workspaceId: w.ws, clientId, method: manual ? 'manual' : 'email', detail: '{}', confidence: 1, manual, decidedBy: 'staff:x', decidedAt });
    await upsertRecordLinks(q, [link(id, w.clients.soylent, true, 1)]);
    await upsertRecordLinks(q, [link(id, null, true, 2), link(w.records.hsDeal!, w.clients.soylent, false, 2)]);
    expect(await findManualLink(q, id, w.ws)).toEqual({ clientId: null });
    expect(await q.selectFrom('record_links').select(['client_id', 'method', 'decided_at']).where('record_id', '=', w.records.hsDeal!).executeTakeFirst()).toEqual({ client_id: w.clients.soylent, method: 'email', decided_at: 2 });
    await deleteRuleLinks(q, [id, w.records.hsDeal!]);
    expect(await findManualLink(q, id, w.ws)).toEqual({ clientId: null });
    expect(await q.selectFrom('record_links').select('record_id').where('record_id', '=', w.records.hsDeal!).executeTakeFirst()).toBeUndefined();
    await deleteRecordLink(q, id);
    expect(await findManualLink(q, id, w.ws)).toBeUndefined();

    const reviewId = await insertLinkReview(q, { workspaceId: w.ws, recordId: id, reason: 'suggestion', candidates: '[]' }, 10);
    await updateLinkReviewCandidates(q, reviewId, { candidates: '[{"clientId":1}]', reason: 'conflict' }, 11);
    expect((await listLinkReviewStates(q, [id])).get(id)).toEqual({ open: { id: reviewId, reason: 'conflict', candidates: '[{"clientId":1}]' } });
    expect(await closeLinkReview(q, id, 'done', null, 12)).toBe(true);
    expect(await closeLinkReview(q, id, 'done', null, 13)).toBe(false);
    const dismissed = await insertLinkReview(q, { workspaceId: w.ws, recordId: id, reason: 'suggestion', candidates: '[{"clientId":2}]' }, 14);
    await dismissLinkReview(q, dismissed, 'staff:z', 15);
    expect((await listLinkReviewStates(q, [id])).get(id)).toEqual({ dismissedCandidates: '[{"clientId":2}]' });
    expect(await findLinkReview(q, dismissed, w.other)).toBeUndefined();

    expect(await findIdentityRulesFingerprint(q, w.ws)).toBeNull();
    await updateIdentityRulesFingerprint(q, w.ws, 'abc');
    expect(await findIdentityRulesFingerprint(q, w.ws)).toBe('abc');
    expect(await findIdentityRulesFingerprint(q, 999999)).toBeUndefined();

    const record = await findRecordById<'invoice'>(q, w.records.xeroInvoice!);
    expect(record).toMatchObject({ id: w.records.xeroInvoice, workspaceId: w.ws, connectionId: w.conn.xero, kind: 'invoice', externalId: 'xi-1', deleted: false, data: { number: 'INV-1' }, raw: { id: 'xi-1' } });
    expect(await findRecordById(q, 999999)).toBeUndefined();
    expect((await findProviderRecord(q, w.conn.xero, 'Invoice', 'xi-1'))?.id).toBe(w.records.xeroInvoice);
    expect(await findProviderRecord(q, w.conn.xero, 'Contact', 'xi-1')).toBeUndefined();
    expect(await findRecordClient(q, id, w.other)).toBeUndefined();

    const before = await findRecordClient(q, w.records.hsDeal!);
    await updateRecordsClients(q, [{ recordId: w.records.hsDeal!, clientId: null }, { recordId: w.records.xeroInvoice!, clientId: w.clients.soylent }]);
    expect([(await findRecordClient(q, w.records.hsDeal!))?.clientId, (await findRecordClient(q, w.records.xeroInvoice!))?.clientId]).toEqual([null, w.clients.soylent]);
    await updateRecordsClients(q, Array.from({ length: 250 }, (_, i) => ({ recordId: i === 249 ? w.records.hsDeal! : 900000 + i, clientId: before!.clientId })));
    expect(await findRecordClient(q, w.records.hsDeal!)).toEqual(before);
    await updateRecordsClients(q, []);

    const spare = (await q.insertInto('clients').values({ workspace_id: w.ws, name: 'Spare', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    await updateRecordClient(q, id, spare);
    expect(await moveClientRows(q, spare, w.clients.soylent)).toEqual({ movedRecords: 1, movedUsers: 0 });
    await updateClientMerged(q, spare, w.clients.soylent, 20);
    expect(await findWorkspaceClient(q, spare, w.ws)).toMatchObject({ status: 'offboarded', mergedIntoClientId: w.clients.soylent });
    expect(await findWorkspaceClient(q, spare, w.other)).toBeUndefined();

    await insertAuditEntries(q, Array.from({ length: 95 }, (_, i) => ({ entry: { workspaceId: w.ws, actorType: 'system' as const, action: 'test.batch', subjectId: i }, at: 100 + i })));
    const batch = await q.selectFrom('audit_log').select(['subject_id', 'at']).where('action', '=', 'test.batch').orderBy('id').execute();
    expect(batch.map((r) => [Number(r.subject_id), r.at])).toEqual(Array.from({ length: 95 }, (_, i) => [i, 100 + i]));

    expect(await hasRowWithId(q, 'records', id)).toBe(true);
    expect(await hasRowWithId(q, 'link_reviews', reviewId)).toBe(true);
    expect(await hasRowWithId(q, 'clients', 999999)).toBe(false);
    expect(await hasRowWithId(q, 'sync_runs', 1)).toBe(false);
  });
});
