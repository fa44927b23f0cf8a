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
import { upsertRecordSync } from '../support/upsert-record-sync.js';
import { writeTransaction } from '../../src/db/open-database.js';
import type { Contact } from '../../src/model/unified-model.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const HOOLI_BILLING = 'billing@hooli.example';

/** A company the business bills but that is no client: its records must stay unseen by everyone. */
function seedHooli(test: PortalTestApp, world: World): number[] {
  const { app } = test;
  const ids: number[] = [];
  const company = { name: 'Hooli', domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [HOOLI_BILLING], taxNumber: null, billingAddress: null };
  writeTransaction(app.db, () => {
    const put = (provider: string, objectType: string, kind: 'company' | 'invoice', externalId: string, data: object) => {
      ids.push(upsertRecordSync(app.db, { workspaceId: app.workspaceId, connectionId: world.connections[provider]!, provider, objectType, externalId, kind, data, raw: { id: externalId }, sourceUpdatedAt: T0, deleted: false }, T0).recordId);
    };
    put('quickbooks', 'Customer', 'company', 'hooli-qb', company);
    put('xero', 'Contact', 'company', 'hooli-xero', company);
    put('stripe', 'Customer', 'company', 'cus_hooli', company);
    for (let i = 1; i <= 4; i++) put('quickbooks', 'Invoice', 'invoice', `hooli-qb-inv-${i}`, invoiceData({ number: `H-${i}`, customerExternalId: 'hooli-qb' }));
    put('xero', 'Invoice', 'invoice', 'hooli-xero-inv', invoiceData({ number: 'HX-1', customerExternalId: 'hooli-xero' }));
    put('stripe', 'Invoice', 'invoice', 'in_hooli', invoiceData({ number: 'HS-1', customerExternalId: 'cus_hooli' }));
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
  const db = () => test.app.db;

  beforeAll(async () => {
    test = await createPortalTestApp({}, { connectors: registryOf(['xero', 'quickbooks', 'stripe', 'asana'].map((p) => fakeConnector(p, p))) });
    const http = express();
    http.use(createPortalRouter(test.app, { now: () => clock }));
    served = await serveHttp(http);
    world = seedIdentityWorld(db(), test.app.workspaceId, T0);
    hooli = seedHooli(test, world);
    await relinkWorkspace(test.app);
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });

  /** Which client each record belongs to, and what waits in the review queue for whom. */
  const snapshot = () => ({
    owners: db().prepare('SELECT id, client_id FROM records ORDER BY id').all() as { id: number; client_id: number | null }[],
    reviews: db().prepare(`SELECT record_id, reason, candidates FROM link_reviews WHERE status = 'open' ORDER BY record_id`).all(),
  });

  /** The people of every client as the business set them up: one admin each (made by hand), and two CRM contacts provisioned and invited. */
  const resetPeople = async () => {
    clock = T0;
    for (const table of ['sessions', 'auth_tokens', 'outbox_messages', 'audit_log', 'rate_windows', 'portal_users']) db().prepare(`DELETE FROM ${table}`).run();
    writeTransaction(db(), () => {
      for (const key of CLIENT_KEYS) {
        db().prepare(`INSERT INTO portal_users (workspace_id, client_id, email, name, role, status, created_at) VALUES (?, ?, ?, ?, 'client_admin', 'active', ?)`).run(test.app.workspaceId, world.clients[key], `admin@${key}.portal.test`, `Admin of ${key}`, T0);
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

  const adminOf = (clientKey: string) => db().prepare(`SELECT id FROM portal_users WHERE client_id = ? AND role = 'client_admin' AND status = 'active' ORDER BY id LIMIT 1`).get(world.clients[clientKey]) as { id: number } | undefined;
  const linkMailedTo = (address: string) => {
    const mails = db().prepare('SELECT text_body AS text FROM outbox_messages WHERE to_address = ? ORDER BY id').all(address) as { text: string }[];
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
        const admin = adminOf(step.by);
        if (!admin) return;
        const { client: browser, csrf } = await signedInClient(test.app, served.baseUrl, admin.id, clock);
        await browser.postForm('/team/invite', { _csrf: csrf, email: step.email, name: 'Someone', role: step.role });
        return;
      }
      case 'accept': {
        const token = linkMailedTo(step.email.toLowerCase());
        if (token) await useLink(new PortalHttpClient(served.baseUrl), token);
        return;
      }
      case 'sign_in': {
        const browser = new PortalHttpClient(served.baseUrl);
        const before = linkMailedTo(step.email.toLowerCase());
        await browser.postForm('/auth/sign-in/link', { email: step.email });
        const token = linkMailedTo(step.email.toLowerCase());
        if (token && token !== before) await useLink(browser, token);
        return;
      }
      case 'remove':
      case 'revoke':
      case 'resend':
      case 'role': {
        const admin = adminOf(step.by);
        if (!admin) return;
        const people = db().prepare('SELECT id FROM portal_users WHERE client_id = ? ORDER BY id').all(world.clients[step.by]) as { id: number }[];
        const target = people[step.pick % people.length]!.id;
        const { client: browser, csrf } = await signedInClient(test.app, served.baseUrl, admin.id, clock);
        await browser.postForm(`/team/${target}/${step.type}`, step.type === 'role' ? { _csrf: csrf, role: step.role } : { _csrf: csrf });
        return;
      }
      case 'relink':
        await relinkWorkspace(test.app);
        return;
      case 'sync': {
        const all = (db().prepare('SELECT id FROM records WHERE deleted = 0 ORDER BY id').all() as { id: number }[]).map((r) => r.id);
        const batch = [...new Set(step.picks.map((p) => all[p % all.length]!))];
        await test.app.store.transaction((tx) => resolveLinks(tx, test.app.workspaceId, test.app.config.identity, batch, clock));
        return;
      }
    }
  };

  it("an admin inviting another company's billing address gets none of its records, before or after the invitation is accepted", async () => {
    await resetPeople();
    const before = snapshot();
    expect(hooli.map((id) => before.owners.find((o) => o.id === id)!.client_id)).toEqual(hooli.map(() => null));
    await run({ type: 'invite', by: 'acme', email: HOOLI_BILLING, role: 'billing' });
    expect(db().prepare(`SELECT status FROM portal_users WHERE email = ?`).get(HOOLI_BILLING)).toEqual({ status: 'invited' });
    await run({ type: 'relink' });
    await run({ type: 'accept', email: HOOLI_BILLING });
    expect(db().prepare(`SELECT status FROM portal_users WHERE email = ?`).get(HOOLI_BILLING)).toEqual({ status: 'active' });
    await run({ type: 'relink' });
    await run({ type: 'sync', picks: hooli.map((id) => before.owners.findIndex((o) => o.id === id)) });
    expect(snapshot()).toEqual(before);
    // And the portal agrees: Acme's admin cannot open a Hooli invoice.
    const { client: browser } = await signedInClient(test.app, served.baseUrl, adminOf('acme')!.id, clock);
    const invoiceId = hooli[3]!;
    expect((await browser.get(`/invoices/${invoiceId}`)).status).toBe(404);
  });

  it('a CRM-provisioned person who signs in changes nothing either (their address was already the CRM contact\'s)', async () => {
    await resetPeople();
    const before = snapshot();
    await run({ type: 'accept', email: 'jane@acme.com' });
    expect(db().prepare(`SELECT status FROM portal_users WHERE email = 'jane@acme.com'`).get()).toEqual({ status: 'active' });
    await run({ type: 'relink' });
    expect(snapshot()).toEqual(before);
  });

  it('no sequence of client-side actions changes which client any record belongs to', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25 }), async (steps) => {
        await resetPeople();
        const before = snapshot();
        for (const step of steps) {
          await run(step);
          expect(snapshot()).toEqual(before);
        }
      }),
      { numRuns: 40, seed: 20261206 },
    );
  });
});
