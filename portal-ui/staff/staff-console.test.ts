/**
 * The staff console over HTTP, through the whole app (Helmet, the portal mounted after it):
 * sign-in by link, every page for every role, a viewer refused every write, the console's and the
 * portal's sessions kept apart, and each action's effect and audit row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { createPortalTestApp, type PortalTestApp } from '../../tests/support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { sqlAll, sqlGet, sqlRun } from '../../tests/support/sql.js';
import { seedStaffWorld, type StaffWorld } from './testing/seed-staff-world.js';
import { addStaffUser } from '../../src/staff/add-staff-user.js';
import { readCredentials } from '../../src/connections/connection-repository.js';
import { staffCookieName } from '../../src/staff/staff-cookie.js';
import { sessionCookieName } from '../../src/auth/session-cookie.js';
import type { StaffRole } from '../../src/staff/staff-permissions.js';
import { invoiceData, seedConnection, seedRecord } from '../../tests/support/seed-portal-records.js';
import { refreshInvoiceMatches } from '../../src/billing/refresh-invoice-matches.js';

const ADMIN_TOKEN = 'admin-token-0123456789-abcdefghijklmnop';

describe('staff console over HTTP', () => {
  let test: PortalTestApp;
  /** A provider's parsed settings on the running test app, changed in place as a deployment's environment would set them. */
  function providerSettings(provider: string): Record<string, unknown> {
    return test.app.connectors.get(provider).settings.read(test.app.config) as Record<string, unknown>;
  }
  let served: ServedHttp;
  let world: StaffWorld;
  const audit = async (action: string) => await sqlAll(test.app, 'SELECT * FROM audit_log WHERE action = ? ORDER BY id', action) as Record<string, unknown>[];
  const as = (role: StaffRole) => {
    const client = new PortalHttpClient(served.baseUrl);
    client.cookies.set('clienthub_staff', world.staff[role].sessionId);
    return { client, csrf: world.staff[role].csrfToken };
  };
  const asPortalUser = () => {
    const client = new PortalHttpClient(served.baseUrl);
    client.cookies.set('clienthub_session', world.portalSession.sessionId);
    return client;
  };

  beforeEach(async () => {
    test = await createPortalTestApp({ CLIENTHUB_ADMIN_TOKEN: ADMIN_TOKEN, STRIPE_WEBHOOK_SECRET: 'whsec_test' });
    world = await seedStaffWorld(test.app, Date.now());
    served = await serveHttp(createHttpApp(test.app));
  });
  afterEach(async () => {
    await served.close();
    await test.dispose();
  });

  const PAGES = ['/staff/connect', '/staff/sync', '/staff/webhooks', '/staff/dead-letters', '/staff/dead-letters?status=all', '/staff/clients', '/staff/reviews', '/staff/audit'];
  const pagesOf = () => [...PAGES, `/staff/clients/${world.northwind.clientId}`, `/staff/clients/${world.northwind.clientId}/view-as`, `/staff/connections/${world.northwind.connectionId}`];

  describe('sign-in', () => {
    it('emails a single-use link to staff only, and the link’s POST starts a console session', async () => {
      const browser = new PortalHttpClient(served.baseUrl);
      const asked = await browser.postForm('/staff/sign-in', { email: 'Owner@Brightside.example' });
      expect(asked.status).toBe(303);
      expect(asked.location).toBe('/staff/sign-in?sent=1');
      const stranger = await browser.postForm('/staff/sign-in', { email: 'nancy@northwind.example' });
      expect(stranger.location).toBe('/staff/sign-in?sent=1');
      expect((await browser.postForm('/staff/sign-in', { email: 'not an email' })).status).toBe(400);
      const mail = await sqlAll(test.app, `SELECT to_address AS to_, text_body AS text FROM outbox_messages WHERE kind = 'staff_sign_in'`) as { to_: string; text: string }[];
      expect(mail.map((m) => m.to_)).toEqual(['owner@brightside.example']);
      const token = /\/staff\/auth\/link\/([A-Za-z0-9_-]+)/.exec(mail[0]!.text)![1]!;

      const confirm = await browser.get(`/staff/auth/link/${token}`);
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain('Sign in to the console');
      expect(confirm.headers.get('referrer-policy')).toBe('no-referrer');
      const signedIn = await browser.postForm('/staff/auth/link', { token });
      expect(signedIn.status).toBe(303);
      expect(signedIn.location).toBe('/staff/connect');
      expect(signedIn.setCookies[0]).toMatch(/^clienthub_staff=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
      expect((await browser.get('/staff/connect')).status).toBe(200);
      expect((await new PortalHttpClient(served.baseUrl).postForm('/staff/auth/link', { token })).status).toBe(410);
      expect(await audit('staff.sign_in')).toHaveLength(1);
      expect(await audit('staff.sign_in_link_refused')).toHaveLength(1);
    });

    it('prints a one-time link for `staff add`, and refuses cross-site sign-in posts', async () => {
      const { user, link } = await addStaffUser(test.app, { email: 'boss@brightside.example', role: 'owner' });
      expect(user.role).toBe('owner');
      const token = link.split('/').pop()!;
      expect(link).toBe(`http://127.0.0.1:3000/staff/auth/link/${token}`);
      const browser = new PortalHttpClient(served.baseUrl);
      expect((await browser.postForm('/staff/auth/link', { token }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await browser.postForm('/staff/auth/link', { token })).status).toBe(303);
      await expect(addStaffUser(test.app, { email: 'x@brightside.example', role: 'admin' })).rejects.toThrow(/owner, operator, viewer/);
    });

    it('uses __Host-staff behind https', () => {
      expect(staffCookieName({ publicUrl: 'https://hub.example.com' })).toBe('__Host-staff');
      expect(staffCookieName({ publicUrl: 'https://hub.example.com' })).not.toBe(sessionCookieName({ publicUrl: 'https://hub.example.com' }));
    });

    it('signs out with the CSRF token only', async () => {
      const { client, csrf } = as('viewer');
      expect((await client.postForm('/staff/sign-out', {})).status).toBe(403);
      const out = await client.postForm('/staff/sign-out', { _csrf: csrf });
      expect(out.location).toBe('/staff/signed-out');
      expect((await client.get('/staff/sync')).location).toBe('/staff/sign-in');
    });
  });

  describe('sessions kept apart', () => {
    it('a client portal session reaches no console URL, GET or POST', async () => {
      const portal = asPortalUser();
      expect((await portal.get(`/clients/${world.northwind.clientId}`)).status).toBe(200);
      for (const path of [...pagesOf(), '/staff', '/staff/anything']) {
        const res = await portal.get(path);
        expect(res.status, path).toBe(303);
        expect(res.location, path).toBe('/staff/sign-in');
      }
      const posts = [`/staff/reviews/${world.pendingDeal.reviewId}`, `/staff/dead-letters/${world.deadLetterId}/replay`, `/staff/connections/${world.northwind.connectionId}/disconnect`];
      for (const path of posts) expect((await portal.postForm(path, { _csrf: world.portalSession.csrfToken, action: 'dismiss' })).location, path).toBe('/staff/sign-in');
      // Even the portal's session id under the console's cookie name is nobody here.
      const forged = new PortalHttpClient(served.baseUrl);
      forged.cookies.set('clienthub_staff', world.portalSession.sessionId);
      expect((await forged.get('/staff/sync')).location).toBe('/staff/sign-in');
      expect(await sqlGet(test.app, `SELECT status FROM link_reviews WHERE id = ?`, world.pendingDeal.reviewId)).toEqual({ status: 'open' });
    });

    it('a staff session is no portal session', async () => {
      const { client } = as('owner');
      expect((await client.get(`/clients/${world.northwind.clientId}`)).location).toBe('/');
      const forged = new PortalHttpClient(served.baseUrl);
      forged.cookies.set('clienthub_session', world.staff.owner.sessionId);
      expect((await forged.get(`/clients/${world.northwind.clientId}`)).location).toBe('/');
    });
  });

  describe('roles', () => {
    it('every page opens for every role', async () => {
      for (const role of ['owner', 'operator', 'viewer'] as const) {
        const { client } = as(role);
        for (const path of pagesOf()) expect((await client.get(path)).status, `${role} ${path}`).toBe(200);
      }
    });

    it('a viewer is refused every write, and nothing changes', async () => {
      const { client, csrf } = as('viewer');
      const auditBefore = (await sqlGet(test.app, 'SELECT COUNT(*) AS n FROM audit_log') as { n: number }).n;
      const jobsBefore = (await sqlGet(test.app, 'SELECT COUNT(*) AS n FROM jobs') as { n: number }).n;
      const c = world.northwind;
      const writes: [string, Record<string, string>][] = [
        ['/staff/connect/hubspot/oauth', {}],
        ['/staff/connect/stripe/token', { token: 'rk_test_abcdefghijkl' }],
        [`/staff/connections/${c.connectionId}/choose`, { accountId: 'x' }],
        [`/staff/connections/${c.connectionId}/disconnect`, {}],
        [`/staff/connections/${c.connectionId}/sync`, {}],
        [`/staff/connections/${c.connectionId}/sync`, { full: '1', objectType: 'deals' }],
        [`/staff/dead-letters/${world.deadLetterId}/replay`, {}],
        [`/staff/dead-letters/${world.deadLetterId}/discard`, { note: 'x' }],
        [`/staff/reviews/${world.pendingDeal.reviewId}`, { action: 'link', clientId: String(c.clientId) }],
        [`/staff/records/${c.dealIds[0]}/link`, { clientId: 'none' }],
        [`/staff/records/${c.dealIds[0]}/release`, {}],
        [`/staff/clients/${world.globex.clientId}/merge`, { into: String(c.clientId), confirm: 'merge' }],
        [`/staff/clients/${world.globex.clientId}/users/${world.globex.userId}/resend`, {}],
        [`/staff/clients/${world.globex.clientId}/users/${world.globex.userId}/revoke`, {}],
      ];
      for (const [path, fields] of writes) {
        const res = await client.postForm(path, { _csrf: csrf, ...fields });
        expect(res.status, path).toBe(403);
        expect(res.text, path).toContain('Your role (viewer) cannot do this');
      }
      expect((await sqlGet(test.app, 'SELECT COUNT(*) AS n FROM audit_log') as { n: number }).n).toBe(auditBefore);
      expect((await sqlGet(test.app, 'SELECT COUNT(*) AS n FROM jobs') as { n: number }).n).toBe(jobsBefore);
      expect(await sqlGet(test.app, 'SELECT status FROM connections WHERE id = ?', c.connectionId)).toEqual({ status: 'active' });
      expect(await sqlGet(test.app, 'SELECT status FROM dead_letters WHERE id = ?', world.deadLetterId)).toEqual({ status: 'open' });
      expect(await sqlGet(test.app, 'SELECT client_id FROM records WHERE id = ?', world.pendingDeal.recordId)).toEqual({ client_id: null });
      // The pages offer a viewer no write at all.
      for (const path of pagesOf()) expect((await client.get(path)).text, path).not.toMatch(/<form method="post" action="\/staff\/(?!sign-out)/);
    });

    it('an operator runs syncs and answers reviews but does not connect, disconnect or merge', async () => {
      const { client, csrf } = as('operator');
      const c = world.northwind;
      expect((await client.postForm('/staff/connect/stripe/token', { _csrf: csrf, token: 'rk_test_abcdefghijkl' })).status).toBe(403);
      expect((await client.postForm(`/staff/connections/${c.connectionId}/disconnect`, { _csrf: csrf })).status).toBe(403);
      expect((await client.postForm(`/staff/clients/${world.globex.clientId}/merge`, { _csrf: csrf, into: String(c.clientId), confirm: 'merge' })).status).toBe(403);
      expect((await client.postForm(`/staff/connections/${c.connectionId}/sync`, { _csrf: csrf })).status).toBe(303);
    });

    it('every write needs the session’s CSRF token', async () => {
      const { client } = as('owner');
      const res = await client.postForm(`/staff/connections/${world.northwind.connectionId}/disconnect`, { _csrf: 'forged' });
      expect(res.status).toBe(403);
      expect(await sqlGet(test.app, 'SELECT status FROM connections WHERE id = ?', world.northwind.connectionId)).toEqual({ status: 'active' });
    });
  });

  describe('connections', () => {
    it('connects Stripe with a restricted key, sealed, and refuses what is not a key', async () => {
      const { client, csrf } = as('owner');
      const bad = await client.postForm('/staff/connect/stripe/token', { _csrf: csrf, token: 'pk_test_publishable' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('does not look like a secret or restricted key');
      const res = await client.postForm('/staff/connect/stripe/token', { _csrf: csrf, token: 'rk_test_51abcDEFghiJKL' });
      expect(res.status).toBe(303);
      const id = Number(/\/staff\/connections\/(\d+)\?done=connected/.exec(res.location!)![1]);
      const row = await sqlGet(test.app, 'SELECT provider, auth_type, credentials_sealed FROM connections WHERE id = ?', id) as { provider: string; auth_type: string; credentials_sealed: string };
      expect(row).toMatchObject({ provider: 'stripe', auth_type: 'token' });
      expect(row.credentials_sealed).not.toContain('rk_test_51abcDEFghiJKL');
      expect(await readCredentials(test.app.store.db, test.app.keyring, id)).toEqual({ accessToken: 'rk_test_51abcDEFghiJKL' });
      const page = await client.get(`/staff/connections/${id}?done=connected`);
      expect(page.text).toContain('http://127.0.0.1:3000/webhooks/stripe');
      expect(page.text).toContain('Configured');
      expect(page.text).toContain('Customer');
      expect(await audit('connection.connected')).toEqual([expect.objectContaining({ actor_type: 'staff', actor_id: String(world.staff.owner.id), details: JSON.stringify({ provider: 'stripe', via: 'token' }) })]);
    });

    it('starts OAuth bound to the staff member, and finishes it only in that same session', async () => {
      Object.assign(providerSettings('hubspot'), { clientId: 'console-app', clientSecret: 'console-secret' });
      const owner = as('owner');
      const started = await owner.client.postForm('/staff/connect/hubspot/oauth', { _csrf: owner.csrf });
      expect(started.status).toBe(303);
      const authorize = new URL(started.location!);
      expect(authorize.origin + authorize.pathname).toBe('https://app.hubspot.com/oauth/authorize');
      const state = authorize.searchParams.get('state')!;
      expect(await sqlGet(test.app, 'SELECT staff_user_id FROM oauth_states')).toEqual({ staff_user_id: world.staff.owner.id });
      // The Connect page lets its forms go on to the authorize page (Chromium applies form-action to redirects).
      expect((await owner.client.get('/staff/connect')).headers.get('content-security-policy')).toContain("form-action 'self' https://app.hubspot.com");

      const callback = `/oauth/hubspot/callback?code=c1&state=${encodeURIComponent(state)}`;
      const anonymous = await new PortalHttpClient(served.baseUrl).get(callback);
      expect(anonymous.location).toBe('/staff/connect?error=session_mismatch&provider=hubspot');
      const other = await as('operator').client.get(callback);
      expect(other.location).toBe('/staff/connect?error=session_mismatch&provider=hubspot');
      const portal = await asPortalUser().get(callback);
      expect(portal.location).toBe('/staff/connect?error=session_mismatch&provider=hubspot');
      expect(await audit('connection.connect_refused')).toHaveLength(3);
      expect(await sqlGet(test.app, `SELECT COUNT(*) AS n FROM connections WHERE label = 'oauth'`)).toEqual({ n: 0 });
      const refusedPage = await owner.client.get('/staff/connect?error=session_mismatch&provider=hubspot');
      expect(refusedPage.text).toContain('this staff session did not start');
      // A forged state is refused outright.
      expect((await owner.client.get('/oauth/hubspot/callback?code=c1&state=forged')).status).toBe(400);
    });

    it('asks which Xero organisation to sync when the grant reaches several, and syncs nothing before', async () => {
      Object.assign(providerSettings('xero'), { clientId: 'xero-client', clientSecret: 'xero-secret', identityUrl: 'https://identity.xero.test', baseUrl: 'https://api.xero.test' });
      nock.disableNetConnect();
      nock.enableNetConnect('127.0.0.1');
      try {
        const owner = as('owner');
        const started = await owner.client.postForm('/staff/connect/xero/oauth', { _csrf: owner.csrf });
        const authorize = new URL(started.location!);
        expect(authorize.origin + authorize.pathname).toBe('https://identity.xero.test/connect/authorize');
        const state = authorize.searchParams.get('state')!;
        nock('https://identity.xero.test').post('/connect/token').reply(200, { access_token: 'xa-1', refresh_token: 'xr-1', expires_in: 1800, token_type: 'Bearer' });
        nock('https://api.xero.test')
          .get('/connections')
          .reply(200, [
            { id: 'c1', tenantId: 'tenant-demo', tenantType: 'ORGANISATION', tenantName: 'Demo Company (UK)' },
            { id: 'c2', tenantId: 'tenant-real', tenantType: 'ORGANISATION', tenantName: 'Brightside Ltd' },
          ]);
        const callback = await owner.client.get(`/oauth/xero/callback?code=xc&state=${encodeURIComponent(state)}`);
        const id = Number(/\/staff\/connections\/(\d+)\/choose$/.exec(callback.location!)![1]);
        expect(await sqlGet(test.app, 'SELECT status FROM connections WHERE id = ?', id)).toEqual({ status: 'disconnected' });
        expect(await sqlGet(test.app, `SELECT COUNT(*) AS n FROM jobs WHERE name = 'scheduler.tick'`)).toEqual({ n: 0 });
        const choose = await owner.client.get(`/staff/connections/${id}/choose`);
        expect(choose.text).toContain('Brightside Ltd');
        expect(choose.text).toContain('Demo Company (UK)');
        expect((await owner.client.postForm(`/staff/connections/${id}/choose`, { _csrf: owner.csrf, accountId: 'tenant-elsewhere' })).status).toBe(400);
        expect((await as('operator').client.postForm(`/staff/connections/${id}/choose`, { _csrf: world.staff.operator.csrfToken, accountId: 'tenant-real' })).status).toBe(403);
        const chosen = await owner.client.postForm(`/staff/connections/${id}/choose`, { _csrf: owner.csrf, accountId: 'tenant-real' });
        expect(chosen.location).toBe(`/staff/connections/${id}?done=chosen`);
        const row = await sqlGet(test.app, 'SELECT status, settings FROM connections WHERE id = ?', id) as { status: string; settings: string };
        expect(row.status).toBe('active');
        expect(JSON.parse(row.settings)).toMatchObject({ tenantId: 'tenant-real', accountId: 'tenant-real' });
        expect(JSON.parse(row.settings).awaitingAccountChoice).toBeUndefined();
        expect(await sqlGet(test.app, `SELECT COUNT(*) AS n FROM jobs WHERE name = 'scheduler.tick'`)).toEqual({ n: 1 });
        expect((await owner.client.get(`/staff/connections/${id}`)).text).toContain('Brightside Ltd');
        expect(await audit('connection.account_chosen')).toHaveLength(1);
      } finally {
        nock.cleanAll();
        nock.enableNetConnect();
      }
    });

    it('disconnects keeping the data, and purges only when confirmed', async () => {
      const { client, csrf } = as('owner');
      const id = world.northwind.connectionId;
      const records = async () => (await sqlGet(test.app, 'SELECT COUNT(*) AS n FROM records WHERE connection_id = ?', id) as { n: number }).n;
      const before = await records();
      expect(before).toBeGreaterThan(0);
      const unconfirmed = await client.postForm(`/staff/connections/${id}/disconnect`, { _csrf: csrf, purge: '1', confirm: 'yes' });
      expect(unconfirmed.status).toBe(400);
      expect(await sqlGet(test.app, 'SELECT status FROM connections WHERE id = ?', id)).toEqual({ status: 'active' });
      const res = await client.postForm(`/staff/connections/${id}/disconnect`, { _csrf: csrf });
      expect(res.location).toBe(`/staff/connections/${id}?done=disconnected`);
      expect(await sqlGet(test.app, 'SELECT status, credentials_sealed FROM connections WHERE id = ?', id)).toEqual({ status: 'disconnected', credentials_sealed: null });
      expect(await records()).toBe(before);
      // A disconnected connection cannot be synced.
      expect((await client.postForm(`/staff/connections/${id}/sync`, { _csrf: csrf })).status).toBe(409);
      const purged = await client.postForm(`/staff/connections/${id}/disconnect`, { _csrf: csrf, purge: '1', confirm: 'HubSpot' });
      expect(purged.location).toBe(`/staff/connections/${id}?done=purged`);
      expect(await records()).toBe(0);
      expect(JSON.parse(String((await audit('connection.disconnected'))[1]!.details))).toEqual({ provider: 'hubspot', purgedRecords: before });
    });

    it('queues Run now from the cursor and Full resync from the beginning', async () => {
      const { client, csrf } = as('operator');
      const id = world.northwind.connectionId;
      await sqlRun(test.app, `INSERT INTO sync_cursors (connection_id, object_type, cursor, updated_at) VALUES (?, 'deals', '{"since":1}', 0)`, id);
      const res = await client.postForm(`/staff/connections/${id}/sync`, { _csrf: csrf, return: 'sync' });
      expect(res.location).toBe('/staff/sync?done=queued');
      const jobs = async () => (await sqlAll(test.app, `SELECT payload FROM jobs WHERE name = 'sync.pull' AND status = 'queued' ORDER BY id`) as { payload: string }[]).map((j) => JSON.parse(j.payload) as { objectType: string; mode: string });
      // Without a cursor an object can only be backfilled.
      expect((await jobs()).map((j) => `${j.objectType}:${j.mode}`)).toEqual(['owners:backfill', 'companies:backfill', 'contacts:backfill', 'deals:incremental', 'tickets:backfill', 'quotes:backfill']);
      await sqlRun(test.app, 'DELETE FROM jobs');
      await client.postForm(`/staff/connections/${id}/sync`, { _csrf: csrf, objectType: 'deals', full: '1' });
      expect(await jobs()).toEqual([{ connectionId: id, objectType: 'deals', mode: 'backfill' }]);
      expect((await client.postForm(`/staff/connections/${id}/sync`, { _csrf: csrf, objectType: 'widgets' })).status).toBe(409);
      expect(await audit('sync.run_requested')).toHaveLength(1);
      expect(await audit('sync.full_resync_requested')).toHaveLength(1);
    });

    it('shows a running backfill’s progress with a self-refresh, and a failure with what to do', async () => {
      const { client } = as('viewer');
      const id = world.northwind.connectionId;
      const now = Date.now();
      await sqlRun(test.app, `INSERT INTO sync_runs (connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, pages, added, updated, estimated_total) VALUES (?, 'companies', 'backfill', 'running', 'w', ?, ?, 3, 250, 50, 1000)`, id, now - 5000, now);
      await sqlRun(test.app, `INSERT INTO sync_runs (connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, finished_at, error) VALUES (?, 'deals', 'incremental', 'failed', 'w', ?, ?, ?, 'HubSpot token request failed: BAD_REFRESH_TOKEN')`, id, now - 9000, now, now - 8000);
      // A pull that has no page back yet says so, not "Progress not reported yet. 0 pages done".
      await sqlRun(test.app, `INSERT INTO sync_runs (connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, pages) VALUES (?, 'contacts', 'backfill', 'running', 'w', ?, ?, 0)`, id, now - 1000, now);
      const page = await client.get('/staff/sync');
      expect(page.text).toContain('Starting…');
      expect(page.text).not.toContain('Progress not reported yet');
      expect(page.text).toContain('<meta http-equiv="refresh" content="3">');
      expect(page.text).toContain('<progress max="100" value="30"');
      expect(page.text).toMatch(/300 of about 1000 records · \d+ records\/s · about \d+ s left · 3 pages/);
      expect(page.text).toContain('What to do:</strong> HubSpot no longer accepts the stored authorisation: reconnect HubSpot from the Connect page.');
      await sqlRun(test.app, `UPDATE sync_runs SET status = 'succeeded', finished_at = ? WHERE status = 'running'`, now);
      expect((await client.get('/staff/sync')).text).not.toContain('http-equiv="refresh"');
    });
    it('shows a run a provider’s long rate limit paused as waiting, with when it resumes, not as failed', async () => {
      const { client } = as('viewer');
      const id = world.northwind.connectionId;
      const now = Date.now();
      const resumesAt = now + 3_600_000;
      await sqlRun(test.app, `INSERT INTO sync_runs (connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, finished_at, resumes_at, error) VALUES (?, 'deals', 'backfill', 'rate_limited', 'w', ?, ?, ?, ?, 'HubSpot 429: You have reached your daily limit.')`, id, now - 9000, now, now - 8000, resumesAt);
      const page = (await client.get('/staff/sync')).text;
      expect(page).toContain('<span class="badge status-rate_limited">Waiting (rate limit)</span>');
      expect(page).toContain(`Paused by HubSpot's rate limit: resumes <time datetime="${new Date(resumesAt).toISOString()}">`);
      expect(page).not.toContain('status-failed');
    });
  });

  describe('dead letters, links, people', () => {
    it('replays a dead letter into the cache, and discards another with a note', async () => {
      const { client, csrf } = as('operator');
      const res = await client.postForm(`/staff/dead-letters/${world.deadLetterId}/replay`, { _csrf: csrf });
      expect(res.location).toBe('/staff/dead-letters?done=replayed');
      const replayed = await sqlGet<{ data: string }>(test.app, `SELECT data FROM records WHERE external_id = 'C-501'`);
      expect({ name: (JSON.parse(replayed!.data) as { name: unknown }).name }).toEqual({ name: 'Initech' });
      expect(await sqlGet(test.app, 'SELECT status FROM dead_letters WHERE id = ?', world.deadLetterId)).toEqual({ status: 'replayed' });
      expect((await client.postForm(`/staff/dead-letters/${world.deadLetterId}/replay`, { _csrf: csrf })).status).toBe(404);
      const other = await sqlGet(test.app, `INSERT INTO dead_letters (workspace_id, connection_id, provider, object_type, external_id, stage, reason, payload, created_at) VALUES (?, ?, 'hubspot', 'deals', 'D-9', 'mapping', 'bad', '{}', ?) RETURNING id`, test.app.workspaceId, world.northwind.connectionId, Date.now()) as { id: number };
      await client.postForm(`/staff/dead-letters/${other.id}/discard`, { _csrf: csrf, note: 'test deal, deleted in HubSpot' });
      expect(await sqlGet(test.app, 'SELECT status, note FROM dead_letters WHERE id = ?', other.id)).toEqual({ status: 'discarded', note: 'test deal, deleted in HubSpot' });
      expect((await audit('dead_letter.replayed'))[0]).toMatchObject({ actor_type: 'staff', actor_id: String(world.staff.operator.id) });
      expect(await audit('dead_letter.discarded')).toHaveLength(1);
    });

    it('accepts a review suggestion, and the client’s portal shows the deal', async () => {
      const portal = asPortalUser();
      expect((await portal.get(`/clients/${world.northwind.clientId}`)).text).not.toContain('Mobile app');
      const { client, csrf } = as('operator');
      const reviews = await client.get('/staff/reviews');
      expect(reviews.text).toContain('Mobile app');
      expect(reviews.text).toContain('name, confidence 60%');
      const res = await client.postForm(`/staff/reviews/${world.pendingDeal.reviewId}`, { _csrf: csrf, action: 'link', clientId: String(world.northwind.clientId) });
      expect(res.location).toBe('/staff/reviews?done=review_answered');
      expect((await portal.get(`/clients/${world.northwind.clientId}`)).text).toContain('Mobile app');
      expect((await audit('record.linked_manually'))[0]).toMatchObject({ actor_type: 'staff', actor_id: String(world.staff.operator.id), client_id: world.northwind.clientId });
      const clientPage = await client.get(`/staff/clients/${world.northwind.clientId}`);
      expect(clientPage.text).toContain('manual by staff:');
      // Released, the rules decide again (nothing links it), and the portal loses it.
      await client.postForm(`/staff/records/${world.pendingDeal.recordId}/release`, { _csrf: csrf, back: String(world.northwind.clientId) });
      expect(await audit('record.link_released')).toHaveLength(1);
    });

    it('asks whether two invoices are one bill, and records the operator’s final answer', async () => {
      const stripe = await seedConnection(test.app, 'stripe', 'seed');
      const xero = await seedConnection(test.app, 'xero', 'seed');
      const bill = { number: 'INV-0005', issueDate: '2026-11-10', dueDate: '2026-12-10', subtotalMinor: 50_000, taxMinor: 0, totalMinor: 50_000, amountDueMinor: 50_000 };
      const a = (await seedRecord(test.app, { connectionId: stripe, provider: 'stripe', kind: 'invoice', clientId: world.northwind.clientId, data: invoiceData({ ...bill, number: '3130EB3-0005', status: 'partially_paid', amountDueMinor: 20_000 }) })).recordId;
      const b = (await seedRecord(test.app, { connectionId: xero, provider: 'xero', kind: 'invoice', clientId: world.northwind.clientId, data: invoiceData(bill) })).recordId;
      await test.app.store.transaction((tx) => refreshInvoiceMatches(tx, test.app.workspaceId, test.app.config.billing, [world.northwind.clientId]));
      const review = await sqlGet(test.app, 'SELECT id FROM invoice_match_reviews WHERE record_a = ? AND record_b = ?', Math.min(a, b), Math.max(a, b)) as { id: number };
      const viewer = as('viewer');
      const seen = (await viewer.client.get('/staff/reviews')).text;
      expect(seen).toContain('Same bill in two systems?');
      expect(seen).toContain('Stripe 3130EB3-0005');
      expect(seen).toContain('amount due differs');
      expect(seen).not.toContain(`/staff/reviews/invoices/${review.id}"`);
      expect((await viewer.client.postForm(`/staff/reviews/invoices/${review.id}`, { _csrf: viewer.csrf, decision: 'same' })).status).toBe(403);
      const { client, csrf } = as('operator');
      expect((await client.postForm(`/staff/reviews/invoices/${review.id}`, { _csrf: csrf, decision: 'maybe' })).status).toBe(400);
      const res = await client.postForm(`/staff/reviews/invoices/${review.id}`, { _csrf: csrf, decision: 'different' });
      expect(res.location).toBe('/staff/reviews?done=review_answered');
      expect((await audit('invoice_match.decided'))[0]).toMatchObject({ actor_type: 'staff', actor_id: String(world.staff.operator.id), client_id: world.northwind.clientId });
      expect((await client.postForm(`/staff/reviews/invoices/${review.id}`, { _csrf: csrf, decision: 'same' })).status).toBe(409);
      expect((await client.get('/staff/reviews')).text).not.toContain('Same bill in two systems?');
    });

    it('links and unlinks by hand, and merges (owner)', async () => {
      const owner = as('owner');
      const dealId = world.globex.dealIds[0]!;
      const moved = await owner.client.postForm(`/staff/records/${dealId}/link`, { _csrf: owner.csrf, clientId: String(world.northwind.clientId), back: String(world.globex.clientId) });
      expect(moved.location).toBe(`/staff/clients/${world.globex.clientId}?done=linked`);
      expect(await sqlGet(test.app, 'SELECT client_id FROM records WHERE id = ?', dealId)).toEqual({ client_id: world.northwind.clientId });
      await owner.client.postForm(`/staff/records/${dealId}/link`, { _csrf: owner.csrf, clientId: 'none' });
      expect(await sqlGet(test.app, 'SELECT client_id FROM records WHERE id = ?', dealId)).toEqual({ client_id: null });
      expect((await owner.client.postForm(`/staff/clients/${world.globex.clientId}/merge`, { _csrf: owner.csrf, into: String(world.northwind.clientId) })).status).toBe(400);
      const merged = await owner.client.postForm(`/staff/clients/${world.globex.clientId}/merge`, { _csrf: owner.csrf, into: String(world.northwind.clientId), confirm: 'merge' });
      expect(merged.location).toBe(`/staff/clients/${world.northwind.clientId}?done=merged`);
      expect(await sqlGet(test.app, 'SELECT client_id FROM portal_users WHERE id = ?', world.globex.userId)).toEqual({ client_id: world.northwind.clientId });
      expect(await audit('client.merged')).toHaveLength(1);
    });

    it('resends and withdraws a portal invitation, audited as the staff member', async () => {
      const { client, csrf } = as('operator');
      const page = await client.get(`/staff/clients/${world.globex.clientId}`);
      expect(page.text).toContain('Hank Scorpio');
      expect(page.text).toContain('Resend invitation');
      await client.postForm(`/staff/clients/${world.globex.clientId}/users/${world.globex.userId}/resend`, { _csrf: csrf });
      expect(await sqlAll(test.app, `SELECT to_address FROM outbox_messages WHERE kind = 'invitation'`)).toEqual([{ to_address: 'hank@globex.example' }]);
      await client.postForm(`/staff/clients/${world.globex.clientId}/users/${world.globex.userId}/revoke`, { _csrf: csrf });
      expect(await sqlGet(test.app, 'SELECT status FROM portal_users WHERE id = ?', world.globex.userId)).toEqual({ status: 'disabled' });
      expect((await audit('portal_user.invitation_resent'))[0]).toMatchObject({ actor_type: 'staff', actor_id: String(world.staff.operator.id) });
      expect((await audit('portal_user.invitation_revoked'))[0]).toMatchObject({ actor_type: 'staff' });
      // Another client's user through this client's address: nothing.
      expect((await client.postForm(`/staff/clients/${world.northwind.clientId}/users/${world.globex.userId}/resend`, { _csrf: csrf })).status).toBe(404);
    });

    it('shows the client’s dashboard read-only and audits the look', async () => {
      const { client } = as('viewer');
      const res = await client.get(`/staff/clients/${world.northwind.clientId}/view-as`);
      expect(res.text).toContain('Website rebuild');
      expect(res.text).toContain('$48,000.00');
      expect(res.text).not.toContain('Brand strategy');
      expect(await audit('client.viewed_as')).toEqual([expect.objectContaining({ actor_type: 'staff', actor_id: String(world.staff.viewer.id), client_id: world.northwind.clientId })]);
    });
  });

  describe('audit log and JSON twins', () => {
    it('filters by who, what, client and day, and pages', async () => {
      const { client } = as('viewer');
      await as('operator').client.postForm(`/staff/reviews/${world.pendingDeal.reviewId}`, { _csrf: world.staff.operator.csrfToken, action: 'dismiss' });
      await client.get(`/staff/clients/${world.northwind.clientId}/view-as`);
      const byActor = await client.get('/staff/audit?actor=operator%40brightside.example');
      expect(byActor.text).toContain('link_review.dismissed');
      expect(byActor.text).not.toContain('client.viewed_as');
      const byAction = await client.get('/staff/audit?action=client.');
      expect(byAction.text).toContain('client.viewed_as');
      expect(byAction.text).not.toContain('link_review.dismissed');
      expect((await client.get(`/staff/audit?client=${world.globex.clientId}`)).text).not.toContain('client.viewed_as');
      expect((await client.get('/staff/audit?to=2000-01-01')).text).toContain('No entries match.');
      for (let i = 0; i < 60; i++) await sqlRun(test.app, `INSERT INTO audit_log (workspace_id, at, actor_type, action) VALUES (?, ?, 'system', 'test.filler')`, test.app.workspaceId, Date.now() - i);
      const first = await client.get('/staff/audit?action=test.filler');
      expect(first.text.match(/test\.filler<\/td>/g)).toHaveLength(50);
      expect(first.text).toContain('Older entries');
      const second = await client.get('/staff/audit?action=test.filler&page=2');
      expect(second.text.match(/test\.filler<\/td>/g)).toHaveLength(10);
      expect(second.text).toContain('Newer entries');
    });

    it('answers the console’s data as JSON under /admin/api with the bearer token', async () => {
      const api = (path: string, init: RequestInit = {}) => fetch(`${served.baseUrl}/admin/api${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
      expect((await fetch(`${served.baseUrl}/admin/api/connections`)).status).toBe(401);
      const connections = (await (await api('/connections')).json()) as { connections: { connection: { id: number }; objects: { objectType: string }[] }[] };
      expect(connections.connections[0]!.objects.map((o) => o.objectType)).toEqual(['owners', 'companies', 'contacts', 'deals', 'tickets', 'quotes']);
      const one = (await (await api(`/connections/${world.northwind.connectionId}`)).json()) as { webhook: { url: string } };
      expect(one.webhook.url).toBe('http://127.0.0.1:3000/webhooks/hubspot');
      expect((await api('/connections/999')).status).toBe(404);
      const queued = await api(`/connections/${world.northwind.connectionId}/sync`, { method: 'POST', body: JSON.stringify({ objectType: 'deals', full: true }) });
      expect(await queued.json()).toEqual({ ok: true, enqueued: ['deals'] });
      const letters = (await (await api('/dead-letters')).json()) as { deadLetters: { id: number }[] };
      expect(letters.deadLetters.map((l) => l.id)).toEqual([world.deadLetterId]);
      expect(await (await api(`/dead-letters/${world.deadLetterId}/replay`, { method: 'POST' })).json()).toMatchObject({ ok: true, outcome: 'added' });
      expect((await (await api('/sync-runs')).json()) as unknown).toEqual({ runs: [] });
      const log = (await (await api('/audit?action=dead_letter.')).json()) as { rows: { action: string; actorLabel: string }[] };
      expect(log.rows).toEqual([expect.objectContaining({ action: 'dead_letter.replayed', actorLabel: 'staff:admin-api' })]);
      expect((await api('/audit?from=yesterday')).status).toBe(400);
    });
  });
});
