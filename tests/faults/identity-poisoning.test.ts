/**
 * Identity poisoning: nothing a client's own people do in the portal — invite anyone (another
 * company's billing address included), accept invitations, ask for sign-in links, remove colleagues,
 * withdraw and resend invitations, change roles — may change which client any record belongs to.
 * Driven over the portal's real HTTP routes, interleaved with the routine full re-link (what a CRM
 * webhook queues) and batch re-links (what a sync does), on the identity fixture world plus a
 * company that is no client at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import fc from 'fast-check';
import { createPortalRouter } from '../../portal-ui/create-portal-router.js';
import { createPortalTestApp, type PortalTestApp } from '../support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../support/portal-http-client.js';
import { fakeConnector, invoiceData, registryOf, signedInClient } from '../support/seed-portal-records.js';
import { seedIdentityWorld, WORLD_CLIENTS, WORLD_RECORDS, type World } from '../../src/identity/testing/identity-world.js';
import { relinkWorkspace } from '../../src/identity/relink-workspace.js';
import { resolveLinks } from '../../src/identity/resolve-links.js';
import { inviteContact } from '../../src/provisioning/invite-contact.js';
import { upsertRecord } from '../../src/records/upsert-record.js';
import { sqlAll, sqlGet, sqlRun } from '../support/sql.js';
import type { Contact } from '../../src/model/unified-model.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const HOOLI_BILLING = 'billing@hooli.example';

/** A company the business bills but that is no client: its records must stay unseen by everyone. */
async function seedHooli(test: PortalTestApp, world: World): Promise<number[]> {
  const { app } = test;
  const ids: number[] = [];
  const company = { name: 'Hooli', domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [HOOLI_BILLING], taxNumber: null, billingAddress: null };
  await app.store.transaction(async (tx) => {
    const put = async (provider: string, objectType: string, kind: 'company' | 'invoice', externalId: string, data: object) => {
      ids.push((await upsertRecord(tx, { workspaceId: app.workspaceId, connectionId: world.connections[provider]!, provider, objectType, externalId, kind, data, raw: { id: externalId }, sourceUpdatedAt: T0, deleted: false }, T0)).recordId);
    };
    await put('quickbooks', 'Customer', 'company', 'hooli-qb', company);
    await put('xero', 'Contact', 'company', 'hooli-xero', company);
    await put('stripe', 'Customer', 'company', 'cus_hooli', company);
    for (let i = 1; i <= 4; i++) await put('quickbooks', 'Invoice', 'invoice', `hooli-qb-inv-${i}`, invoiceData({ number: `H-${i}`, customerExternalId: 'hooli-qb' }));
    await put('xero', 'Invoice', 'invoice', 'hooli-xero-inv', invoiceData({ number: 'HX-1', customerExternalId: 'hooli-xero' }));
    await put('stripe', 'Invoice', 'invoice', 'in_hooli', invoiceData({ number: 'HS-1', customerExternalId: 'cus_hooli' }));
  });
  return ids;
}

/** Every address the world's records carry, and Hooli's: what an attacker would type. */
const KNOWN_EMAILS = [...new Set(WORLD_RECORDS.flatMap((r) => [...((r.data.emails as string[] | undefined) ?? []), ...(typeof r.data.email === 'string' ? [r.data.email] : [])])), HOOLI_BILLING, 'accounts@hooli.example'];
const CLIENT_KEYS = WORLD_CLIENTS.map((c) => c.key);

type Action =
  | { type: 'invite'; by: string; email: string; role: 'client_admin' | 'member' | 'billing' }
  | { type: 'accept'; email: string }
  | { type: 'sign_in'; email: string }
  | { type: 'remove' | 'revoke' | 'resend'; by: string; pick: number }
  | { type: 'role'; by: string; pick: number; role: 'client_admin' | 'member' | 'billing' }
  | { type: 'relink' }
  | { type: 'sync'; picks: number[] };

const role = fc.constantFrom('client_admin' as const, 'member' as const, 'billing' as const);
const email = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KNOWN_EMAILS) }, { weight: 1, arbitrary: fc.emailAddress() });
const client = fc.constantFrom(...CLIENT_KEYS);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('invite' as const), by: client, email, role }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('accept' as const), email }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('sign_in' as const), email }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('remove' as const, 'revoke' as const, 'resend' as const), by: client, pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('role' as const), by: client, pick: fc.nat(20), role }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('relink' as const) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('sync' as const), picks: fc.array(fc.nat(200), { minLength: 1, maxLength: 8 }) }) },
);

describe('identity poisoning through the portal', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let world: World;
  let hooli: number[];
  let clock = T0;

  beforeAll(async () => {
    test = await createPortalTestApp({}, { connectors: registryOf(['xero', 'quickbooks', 'stripe', 'asana'].map((p) => fakeConnector(p, p))) });
    const http = express();
    http.use(createPortalRouter(test.app, { now: () => clock }));
    served = await serveHttp(http);
    world = await seedIdentityWorld(test.app.store, test.app.workspaceId, T0);
    hooli = await seedHooli(test, world);
    await relinkWorkspace(test.app);
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });

  /** Which client each record belongs to, and what waits in the review queue for whom. */
  const snapshot = async () => ({
    owners: await sqlAll<{ id: number; client_id: number | null }>(test.app, 'SELECT id, client_id FROM records ORDER BY id'),
    reviews: await sqlAll(test.app, `SELECT record_id, reason, candidates FROM link_reviews WHERE status = 'open' ORDER BY record_id`),
  });

  /** The people of every client as the business set them up: one admin each (made by hand), and two CRM contacts provisioned and invited. */
  const resetPeople = async () => {
    clock = T0;
    for (const table of ['sessions', 'auth_tokens', 'outbox_messages', 'audit_log', 'rate_windows', 'portal_users']) await sqlRun(test.app, `DELETE FROM ${table}`);
    await test.app.store.transaction(async (tx) => {
      for (const key of CLIENT_KEYS) {
        await tx.insertInto('portal_users').values({ workspace_id: test.app.workspaceId, client_id: world.clients[key]!, email: `admin@${key}.portal.test`, name: `Admin of ${key}`, role: 'client_admin', status: 'active', created_at: T0 }).execute();
      }
    });
    await test.app.store.transaction(async (tx) => {
      for (const [recordKey, clientKey] of [['hs-jane', 'acme'], ['hs-hank', 'globex']] as const) {
        const contact = WORLD_RECORDS.find((r) => r.key === recordKey)!.data as unknown as Contact;
        await inviteContact(test.app, tx, { clientId: world.clients[clientKey]!, workspaceId: test.app.workspaceId, contactRecordId: world.records[recordKey]!, contact, now: T0 });
      }
    });
    await relinkWorkspace(test.app);
  };

  const adminOf = (clientKey: string) => sqlGet<{ id: number }>(test.app, `SELECT id FROM portal_users WHERE client_id = ? AND role = 'client_admin' AND status = 'active' ORDER BY id LIMIT 1`, world.clients[clientKey]);
  const linkMailedTo = async (address: string) => {
    const mails = await sqlAll<{ text: string }>(test.app, 'SELECT text_body AS text FROM outbox_messages WHERE to_address = ? ORDER BY id', address);
    return mails.length ? /\/auth\/link\/([A-Za-z0-9_-]{43})/.exec(mails[mails.length - 1]!.text)?.[1] : undefined;
  };
  const useLink = async (browser: PortalHttpClient, token: string) => {
    await browser.get(`/auth/link/${token}`);
    return browser.postForm('/auth/link', { token });
  };

  const run = async (step: Action) => {
    clock += 60_000;
    switch (step.type) {
      case 'invite': {
        const admin = await adminOf(step.by);
        if (!admin) return;
        const { client: browser, csrf } = await signedInClient(test.app, served.baseUrl, admin.id, clock);
        await browser.postForm('/team/invite', { _csrf: csrf, email: step.email, name: 'Someone', role: step.role });
        return;
      }
      case 'accept': {
        const token = await linkMailedTo(step.email.toLowerCase());
        if (token) await useLink(new PortalHttpClient(served.baseUrl), token);
        return;
      }
      case 'sign_in': {
        const browser = new PortalHttpClient(served.baseUrl);
        const before = await linkMailedTo(step.email.toLowerCase());
        await browser.postForm('/auth/sign-in/link', { email: step.email });
        const token = await linkMailedTo(step.email.toLowerCase());
        if (token && token !== before) await useLink(browser, token);
        return;
      }
      case 'remove':
      case 'revoke':
      case 'resend':
      case 'role': {
        const admin = await adminOf(step.by);
        if (!admin) return;
        const people = await sqlAll<{ id: number }>(test.app, 'SELECT id FROM portal_users WHERE client_id = ? ORDER BY id', world.clients[step.by]);
        const target = people[step.pick % people.length]!.id;
        const { client: browser, csrf } = await signedInClient(test.app, served.baseUrl, admin.id, clock);
        await browser.postForm(`/team/${target}/${step.type}`, step.type === 'role' ? { _csrf: csrf, role: step.role } : { _csrf: csrf });
        return;
      }
      case 'relink':
        await relinkWorkspace(test.app);
        return;
      case 'sync': {
        const all = (await sqlAll<{ id: number }>(test.app, 'SELECT id FROM records WHERE deleted = 0 ORDER BY id')).map((r) => r.id);
        const batch = [...new Set(step.picks.map((p) => all[p % all.length]!))];
        await test.app.store.transaction((tx) => resolveLinks(tx, test.app.workspaceId, test.app.config.identity, batch, clock));
        return;
      }
    }
  };

  it("an admin inviting another company's billing address gets none of its records, before or after the invitation is accepted", async () => {
    await resetPeople();
    const before = await snapshot();
    expect(hooli.map((id) => before.owners.find((o) => o.id === id)!.client_id)).toEqual(hooli.map(() => null));
    await run({ type: 'invite', by: 'acme', email: HOOLI_BILLING, role: 'billing' });
    expect(await sqlGet(test.app, `SELECT status FROM portal_users WHERE email = ?`, HOOLI_BILLING)).toEqual({ status: 'invited' });
    await run({ type: 'relink' });
    await run({ type: 'accept', email: HOOLI_BILLING });
    expect(await sqlGet(test.app, `SELECT status FROM portal_users WHERE email = ?`, HOOLI_BILLING)).toEqual({ status: 'active' });
    await run({ type: 'relink' });
    await run({ type: 'sync', picks: hooli.map((id) => before.owners.findIndex((o) => o.id === id)) });
    expect(await snapshot()).toEqual(before);
    // And the portal agrees: Acme's admin cannot open a Hooli invoice.
    const { client: browser } = await signedInClient(test.app, served.baseUrl, (await adminOf('acme'))!.id, clock);
    const invoiceId = hooli[3]!;
    expect((await browser.get(`/invoices/${invoiceId}`)).status).toBe(404);
  });

  it('a CRM-provisioned person who signs in changes nothing either (their address was already the CRM contact\'s)', async () => {
    await resetPeople();
    const before = await snapshot();
    await run({ type: 'accept', email: 'jane@acme.com' });
    expect(await sqlGet(test.app, `SELECT status FROM portal_users WHERE email = 'jane@acme.com'`)).toEqual({ status: 'active' });
    await run({ type: 'relink' });
    expect(await snapshot()).toEqual(before);
  });

  it('no sequence of client-side actions changes which client any record belongs to', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25 }), async (steps) => {
        await resetPeople();
        const before = await snapshot();
        for (const step of steps) {
          await run(step);
          expect(await snapshot()).toEqual(before);
        }
      }),
      { numRuns: 40, seed: 20261206 },
    );
  });
});
