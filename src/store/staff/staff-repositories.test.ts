import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { upsertStaffUser } from './upsert-staff-user.js';
import { findStaffUser } from './find-staff-user.js';
import { findStaffUserByEmail } from './find-staff-user-by-email.js';
import { updateStaffUserLastSignIn } from './update-staff-user-last-sign-in.js';
import { insertStaffSession } from './insert-staff-session.js';
import { findStaffSessionByHash } from './find-staff-session-by-hash.js';
import { updateStaffSessionLastSeen } from './update-staff-session-last-seen.js';
import { updateStaffSessionEnded } from './update-staff-session-ended.js';
import { insertStaffAuthToken } from './insert-staff-auth-token.js';
import { findStaffLinkBinding } from './find-staff-link-binding.js';
import { useStaffAuthToken } from './use-staff-auth-token.js';
import { revokeStaffAuthTokens } from './revoke-staff-auth-tokens.js';
import { findStaffAuthTokenState } from './find-staff-auth-token-state.js';
import { findOAuthStateStarter } from '../connections/find-oauth-state-starter.js';
import { updateConnectionAwaitingChoice } from '../connections/update-connection-awaiting-choice.js';
import { findConnection } from '../connections/find-connection.js';
import { findInvoiceMatchReview } from '../billing/find-invoice-match-review.js';

/** The staff console's users, sessions and sign-in links, and the reads and writes of its OAuth callback and review pages, on both engines. */
describe.each(STORE_ENGINES)('staff repositories on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  let otherWs: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    const workspace = async (slug: string) => (await t.store.db.insertInto('workspaces').values({ slug, name: slug, created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ws = await workspace('main');
    otherWs = await workspace('other');
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('creates a staff user once per workspace and address, changing role and re-enabling on conflict, and finds them without case', async () => {
    const db = t.store.db;
    const alex = await upsertStaffUser(db, { workspaceId: ws, email: 'alex@example.com', name: 'Alex', role: 'viewer', createdAt: 10 });
    expect(alex).toEqual({ id: alex.id, workspaceId: ws, email: 'alex@example.com', name: 'Alex', role: 'viewer', status: 'active', lastSignInAt: null });
    expect(typeof alex.id).toBe('number');
    await db.updateTable('staff_users').set({ status: 'disabled' }).where('id', '=', alex.id).execute();
    const again = await upsertStaffUser(db, { workspaceId: ws, email: 'alex@example.com', name: 'Other name', role: 'owner', createdAt: 20 });
    expect(again).toEqual({ ...alex, role: 'owner', status: 'active' });
    const elsewhere = await upsertStaffUser(db, { workspaceId: otherWs, email: 'alex@example.com', name: 'Alex', role: 'viewer', createdAt: 30 });
    expect(elsewhere.id).not.toBe(alex.id);

    expect(await findStaffUserByEmail(db, ws, 'alex@example.com')).toEqual(again);
    expect(await findStaffUserByEmail(db, ws, 'ALEX@example.com')).toEqual(again);
    expect(await findStaffUserByEmail(db, ws, 'nobody@example.com')).toBeUndefined();
    await updateStaffUserLastSignIn(db, alex.id, 99);
    expect(await findStaffUser(db, alex.id)).toEqual({ ...again, lastSignInAt: 99 });
    expect(await findStaffUser(db, 999_999)).toBeUndefined();
  });

  it('stores sessions by hash, moves last_seen forward only, and ends them once', async () => {
    const db = t.store.db;
    const sam = await upsertStaffUser(db, { workspaceId: ws, email: 'sam@example.com', name: 'Sam', role: 'operator', createdAt: 1 });
    await insertStaffSession(db, { idHash: 'h-sam', staffUserId: sam.id, csrfToken: 'csrf', createdAt: 100, expiresAt: 500, userAgent: 'UA', ip: '203.0.113.1' });
    expect(await findStaffSessionByHash(db, 'h-sam')).toEqual({
      staffUserId: sam.id, csrfToken: 'csrf', createdAt: 100, lastSeenAt: 100, expiresAt: 500, endedAt: null, workspaceId: ws, name: 'Sam', email: 'sam@example.com', role: 'operator', status: 'active',
    });
    await updateStaffSessionLastSeen(db, 'h-sam', 200);
    await updateStaffSessionLastSeen(db, 'h-sam', 150);
    expect((await findStaffSessionByHash(db, 'h-sam'))?.lastSeenAt).toBe(200);
    expect(await updateStaffSessionEnded(db, 'h-sam', 300)).toBe(true);
    expect(await updateStaffSessionEnded(db, 'h-sam', 400)).toBe(false);
    expect((await findStaffSessionByHash(db, 'h-sam'))?.endedAt).toBe(300);
    expect(await findStaffSessionByHash(db, 'unknown')).toBeUndefined();
  });

  it('uses a link once among concurrent clicks, never a disabled member’s, and explains the others', async () => {
    const db = t.store.db;
    const kim = await upsertStaffUser(db, { workspaceId: ws, email: 'kim@example.com', name: 'Kim', role: 'owner', createdAt: 1 });
    const off = await upsertStaffUser(db, { workspaceId: ws, email: 'off@example.com', name: 'Off', role: 'owner', createdAt: 1 });
    await db.updateTable('staff_users').set({ status: 'disabled' }).where('id', '=', off.id).execute();
    for (const [hash, user, expiresAt, browserHash] of [['t1', kim.id, 1000, 'b1'], ['t2', kim.id, 1000, null], ['t3', kim.id, 50, null], ['t4', off.id, 1000, null]] as const) {
      await insertStaffAuthToken(db, { tokenHash: hash, staffUserId: user, createdAt: 10, expiresAt, browserHash });
    }
    expect(await findStaffLinkBinding(db, 't1', 100)).toEqual({ browserHash: 'b1', email: 'kim@example.com', staffUserId: kim.id });
    expect(await findStaffLinkBinding(db, 't2', 100)).toEqual({ browserHash: null, email: 'kim@example.com', staffUserId: kim.id });
    expect(await findStaffLinkBinding(db, 't3', 100)).toBeNull();
    expect(await findStaffLinkBinding(db, 't4', 100)).toBeNull();

    const clicks = await Promise.all(Array.from({ length: 5 }, () => t.store.transaction((tx) => useStaffAuthToken(tx, 't1', 100))));
    expect(clicks.filter((c) => c !== null)).toEqual([kim.id]);
    expect(await useStaffAuthToken(db, 't4', 100)).toBeNull();
    expect(await useStaffAuthToken(db, 't3', 100)).toBeNull();
    expect(await revokeStaffAuthTokens(db, kim.id, 110)).toBe(2);
    expect(await revokeStaffAuthTokens(db, kim.id, 120)).toBe(0);
    expect(await findStaffLinkBinding(db, 't2', 100)).toBeNull();

    expect(await findStaffAuthTokenState(db, 't1')).toEqual({ usedAt: 100, revokedAt: null, expiresAt: 1000, staffUserId: kim.id, status: 'active' });
    expect(await findStaffAuthTokenState(db, 't2')).toEqual({ usedAt: null, revokedAt: 110, expiresAt: 1000, staffUserId: kim.id, status: 'active' });
    expect(await findStaffAuthTokenState(db, 't4')).toEqual({ usedAt: null, revokedAt: null, expiresAt: 1000, staffUserId: off.id, status: 'disabled' });
    expect(await findStaffAuthTokenState(db, 'nope')).toBeUndefined();
  });

  it('names the staff member behind an OAuth state, and parks a connection awaiting its account choice', async () => {
    const db = t.store.db;
    const lee = await upsertStaffUser(db, { workspaceId: ws, email: 'lee@example.com', name: 'Lee', role: 'owner', createdAt: 1 });
    const state = { workspace_id: ws, redirect_uri: 'https://hub.example/cb', created_at: 1, expires_at: 1000 };
    await db.insertInto('oauth_states').values([{ ...state, state_hash: 's-staff', provider: 'xero', staff_user_id: lee.id }, { ...state, state_hash: 's-cli', provider: 'xero', staff_user_id: null }]).execute();
    expect(await findOAuthStateStarter(db, 's-staff', 'xero')).toBe(lee.id);
    expect(await findOAuthStateStarter(db, 's-staff', 'hubspot')).toBeNull();
    expect(await findOAuthStateStarter(db, 's-cli', 'xero')).toBeNull();
    expect(await findOAuthStateStarter(db, 'unknown', 'xero')).toBeNull();

    const conn = (await db.insertInto('connections').values({ workspace_id: ws, provider: 'xero', label: 'Xero', auth_type: 'oauth', status: 'active', settings: '{"tenantIds":["a","b"]}', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    expect(await updateConnectionAwaitingChoice(db, conn, JSON.stringify({ tenantIds: ['a', 'b'], awaitingAccountChoice: true }), 77)).toBe(true);
    expect(await findConnection(db, conn)).toMatchObject({ status: 'disconnected', settings: { tenantIds: ['a', 'b'], awaitingAccountChoice: true } });
    expect((await db.selectFrom('connections').select('updated_at').where('id', '=', conn).executeTakeFirstOrThrow()).updated_at).toBe(77);
    expect(await updateConnectionAwaitingChoice(db, 999_999, '{}', 77)).toBe(false);
  });

  it('finds the two invoices of a workspace’s invoice-match review, and no other workspace’s', async () => {
    const db = t.store.db;
    const client = (await db.insertInto('clients').values({ workspace_id: ws, name: 'Northwind', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const conn = (await db.insertInto('connections').values({ workspace_id: ws, provider: 'stripe', label: 'Stripe', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const invoice = async (externalId: string) =>
      (
        await db
          .insertInto('records')
          .values({ workspace_id: ws, connection_id: conn, provider: 'stripe', object_type: 'invoices', external_id: externalId, kind: 'invoice', data: '{}', raw: '{}', content_hash: externalId, source_updated_at: 1, synced_at: 1, deleted: 0, client_id: client, version: 1 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const a = await invoice('in_1');
    const b = await invoice('in_2');
    const review = (await db.insertInto('invoice_match_reviews').values({ workspace_id: ws, client_id: client, record_a: a, record_b: b, reason: 'suggestion', evidence: '{}', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    expect(await findInvoiceMatchReview(db, ws, review)).toMatchObject({ recordA: a, recordB: b });
    expect(await findInvoiceMatchReview(db, otherWs, review)).toBeUndefined();
    expect(await findInvoiceMatchReview(db, ws, review + 1000)).toBeUndefined();
  });
});
