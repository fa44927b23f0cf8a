/** The portal over real HTTP: express on an ephemeral port, fetch with manual redirects, a movable clock. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createPortalRouter } from './create-portal-router.js';
import { createAuthToken, TOKEN_LIFETIME_MS } from '../src/auth/create-auth-token.js';
import { SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS } from '../src/auth/create-session.js';
import { createPortalTestApp, seedPortalClient, type PortalTestApp, type SeededClient } from '../tests/support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../tests/support/portal-http-client.js';
import { sqlAll, sqlGet, sqlRun } from '../tests/support/sql.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const MINUTE = 60_000;
const EXPIRED_TEXT = 'This link has expired or was already used';
const NOT_FOUND_TEXT = '<h1>Page not found</h1>';

describe('client portal over HTTP', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let clock = T0;
  let northwind: SeededClient;
  let globex: SeededClient;

  beforeAll(async () => {
    test = await createPortalTestApp();
    const http = express();
    http.use(createPortalRouter(test.app, { now: () => clock }));
    served = await serveHttp(http);
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });

  beforeEach(async () => {
    clock = T0;
    for (const table of ['audit_log', 'sessions', 'auth_tokens', 'portal_users', 'record_changes', 'records', 'clients']) await sqlRun(test.app, `DELETE FROM ${table}`);
    northwind = await seedPortalClient(
      test.app,
      {
        name: 'Northwind Traders',
        user: { email: 'nancy@northwind.example', name: 'Nancy Davolio' },
        owners: [{ externalId: '9001', name: 'Alex Owner', email: 'alex@brightside.example', title: 'Account director' }],
        deals: [
          { name: 'Website rebuild', amountMinor: 4_800_000, currency: 'USD', closeDate: '2024-03-31', ownerExternalId: '9001' },
          { name: 'Tokyo launch', amountMinor: 1_250_000, currency: 'JPY', closeDate: '2024-05-02', ownerExternalId: '9001' },
          { name: 'Open upsell', amountMinor: 100, currency: 'USD', isWon: false },
        ],
      },
      T0,
    );
    globex = await seedPortalClient(test.app, { name: 'Globex Consulting', user: { email: 'hank@globex.example', name: 'Hank Scorpio' }, deals: [{ name: 'Brand strategy', amountMinor: 1_250_050, currency: 'BHD', closeDate: '2024-04-01' }] }, T0);
  });

  const browser = () => new PortalHttpClient(served.baseUrl);
  const tokenRow = async (userId: number) => (await sqlGet<{ usedAt: number | null }>(test.app, 'SELECT used_at AS "usedAt" FROM auth_tokens WHERE user_id = ? ORDER BY id DESC', userId))!;
  const audit = (action: string) => sqlAll(test.app, 'SELECT * FROM audit_log WHERE action = ? ORDER BY id', action);

  async function signIn(client: PortalHttpClient, token: string): Promise<void> {
    const res = await client.postForm('/auth/link', { token });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/');
  }

  function csrfOf(text: string): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(text);
    if (!match) throw new Error('no CSRF field on the page');
    return match[1]!;
  }

  describe('signing in with a link', () => {
    it('GET shows a button and does not use the token up', async () => {
      const client = browser();
      for (let i = 0; i < 3; i++) {
        const res = await client.get(`/auth/link/${northwind.invitationToken}`);
        expect(res.status).toBe(200);
        expect(res.text).toContain('<h1>Sign in to Brightside Agency</h1>');
        expect(res.text).toContain(`<input type="hidden" name="token" value="${northwind.invitationToken}">`);
        expect(res.text).toContain('<form method="post" action="/auth/link">');
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(res.setCookies).toEqual([]);
      }
      expect((await tokenRow(northwind.userId)).usedAt).toBeNull();
    });

    it('POST uses the token once, starts a session, activates the user and records the sign-in', async () => {
      clock = T0 + 5 * MINUTE;
      const client = browser();
      const res = await client.postForm('/auth/link', { token: northwind.invitationToken }, { 'user-agent': 'vitest-agent' });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.setCookies).toHaveLength(1);
      expect(res.setCookies[0]).toMatch(/^clienthub_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
      expect((await tokenRow(northwind.userId)).usedAt).toBe(clock);
      expect(await sqlGet(test.app, 'SELECT status, last_sign_in_at AS "lastSignInAt" FROM portal_users WHERE id = ?', northwind.userId)).toEqual({ status: 'active', lastSignInAt: clock });
      expect(await sqlGet(test.app, 'SELECT user_agent AS "userAgent", ip FROM sessions')).toEqual({ userAgent: 'vitest-agent', ip: '127.0.0.1' });
      expect(await audit('portal.sign_in')).toEqual([expect.objectContaining({ actor_type: 'portal_user', actor_id: String(northwind.userId), client_id: northwind.clientId, ip: '127.0.0.1', at: clock })]);

      const home = await client.get('/');
      expect(home.status).toBe(303);
      expect(home.location).toBe(`/clients/${northwind.clientId}`);

      const second = await browser().postForm('/auth/link', { token: northwind.invitationToken });
      expect(second.status).toBe(410);
      expect(second.text).toContain(EXPIRED_TEXT);
      expect(second.setCookies).toEqual([]);
      expect(await audit('portal.sign_in_failed')).toEqual([expect.objectContaining({ ip: '127.0.0.1', actor_id: String(northwind.userId), details: JSON.stringify({ reason: 'used' }) })]);
    });

    it('refuses an expired link', async () => {
      const token = await createAuthToken(test.app.store.db, test.app.keyring.signingKey, northwind.userId, 'sign_in', T0);
      clock = T0 + TOKEN_LIFETIME_MS.sign_in + 1;
      const res = await browser().postForm('/auth/link', { token });
      expect(res.status).toBe(410);
      expect(res.text).toContain(EXPIRED_TEXT);
      expect((await tokenRow(northwind.userId)).usedAt).toBeNull();
    });

    it('refuses a link revoked by a re-issued one, and takes the new one', async () => {
      const reissued = await createAuthToken(test.app.store.db, test.app.keyring.signingKey, northwind.userId, 'invitation', T0 + MINUTE);
      clock = T0 + 2 * MINUTE;
      const old = await browser().postForm('/auth/link', { token: northwind.invitationToken });
      expect(old.status).toBe(410);
      await signIn(browser(), reissued);
    });

    it('answers unknown and garbled tokens with the same page, saying nothing about why', async () => {
      const unknown = await browser().postForm('/auth/link', { token: 'A'.repeat(43) });
      const used = await browser().postForm('/auth/link', { token: northwind.invitationToken });
      expect(used.status).toBe(303);
      const again = await browser().postForm('/auth/link', { token: northwind.invitationToken });
      expect(unknown.status).toBe(410);
      expect(again.status).toBe(410);
      expect(unknown.text).toBe(again.text);
      const garbled = await browser().postForm('/auth/link', { token: '<script>' });
      const missing = await browser().postForm('/auth/link', {});
      expect([garbled.status, missing.status]).toEqual([400, 400]);
      expect(garbled.text).toBe(unknown.text);
      expect((await audit('portal.sign_in_failed')).map((row) => JSON.parse(String(row.details)).reason)).toEqual(['unknown', 'used', 'malformed', 'malformed']);
    });

    it('refuses a disabled user’s link', async () => {
      await sqlRun(test.app, `UPDATE portal_users SET status = 'disabled' WHERE id = ?`, northwind.userId);
      const res = await browser().postForm('/auth/link', { token: northwind.invitationToken });
      expect(res.status).toBe(410);
      expect(res.text).toContain(EXPIRED_TEXT);
    });

    it('refuses a sign-in form posted from another site (login CSRF)', async () => {
      const res = await browser().postForm('/auth/link', { token: northwind.invitationToken }, { 'sec-fetch-site': 'cross-site' });
      expect(res.status).toBe(403);
      expect((await tokenRow(northwind.userId)).usedAt).toBeNull();
    });

    it('gives a new session id at every sign-in and ends the one before', async () => {
      const client = browser();
      await signIn(client, northwind.invitationToken);
      const first = client.cookies.get('clienthub_session')!;
      await signIn(client, await createAuthToken(test.app.store.db, test.app.keyring.signingKey, northwind.userId, 'sign_in', T0));
      const second = client.cookies.get('clienthub_session')!;
      expect(second).not.toBe(first);
      const stale = new PortalHttpClient(served.baseUrl);
      stale.cookies.set('clienthub_session', first);
      const res = await stale.get(`/clients/${northwind.clientId}`);
      expect(res.status).toBe(303);
      expect(res.setCookies).toEqual(['clienthub_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax']);
    });

    it('refuses a body larger than a form needs', async () => {
      const res = await browser().postForm('/auth/link', { token: 'x'.repeat(10_000) });
      expect(res.status).toBe(413);
      expect(res.text).toContain('<h1>Request not understood</h1>');
    });
  });

  describe('the dashboard', () => {
    it('shows the company, its won deals with amounts in their currency, the owner and the signed-in person', async () => {
      const client = browser();
      await signIn(client, northwind.invitationToken);
      const res = await client.get(`/clients/${northwind.clientId}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const page = res.text;
      expect(page).toContain('<title>Northwind Traders · Brightside Agency</title>');
      expect(page).toContain('<h1>Northwind Traders</h1>');
      expect(page).toContain(`<a href="/deals/${northwind.dealIds[0]}">Website rebuild</a>`);
      expect(page).toContain('$48,000.00');
      expect(page).toContain('<time datetime="2024-03-31">31 Mar 2024</time>');
      expect(page).toContain('¥1,250,000');
      expect(page).not.toContain('Open upsell');
      expect(page).toContain('<strong>Alex Owner</strong>');
      expect(page).toContain('<a href="mailto:alex@brightside.example">alex@brightside.example</a>');
      expect(page).toContain('Nancy Davolio');
      expect(page).toContain('nancy@northwind.example');
      expect(page).toContain('from HubSpot, just now');
      const csrf = csrfOf(page);
      expect(await sqlGet(test.app, 'SELECT csrf_token FROM sessions WHERE ended_at IS NULL')).toEqual({ csrf_token: csrf });
      expect(page).not.toContain('Globex');
    });

    it('shows a deal of the client’s own, and no other', async () => {
      const client = browser();
      await signIn(client, northwind.invitationToken);
      const own = await client.get(`/deals/${northwind.dealIds[0]}`);
      expect(own.status).toBe(200);
      expect(own.text).toContain('<h1>Website rebuild</h1>');
      expect(own.text).toContain('$48,000.00');
      expect(own.text).toContain('Account director');
      expect(own.text).toContain(`<a href="/clients/${northwind.clientId}">Back to your dashboard</a>`);
      expect(own.headers.get('cache-control')).toBe('no-store');
    });

    it('answers another client’s pages exactly like pages that do not exist', async () => {
      const client = browser();
      await signIn(client, northwind.invitationToken);
      const bodies = new Set<string>();
      for (const path of [
        `/clients/${globex.clientId}`,
        '/clients/999999',
        '/clients/abc',
        `/clients/0${northwind.clientId}`,
        `/deals/${globex.dealIds[0]}`,
        `/deals/${northwind.dealIds[2]}`,
        `/deals/${northwind.ownerIds['9001']}`,
        '/deals/999999',
        '/deals/1e3',
        `/clients/${northwind.clientId}/extra`,
        '/no/such/page',
      ]) {
        const res = await client.get(path);
        expect(res.status, path).toBe(404);
        expect(res.text, path).toContain(NOT_FOUND_TEXT);
        expect(res.text, path).not.toContain('Globex');
        expect(res.text, path).not.toContain('Brand strategy');
        bodies.add(res.text);
      }
      expect(bodies.size).toBe(1);
    });

    it('sends a signed-out visitor to the start page, whatever the id', async () => {
      for (const path of [`/clients/${northwind.clientId}`, '/clients/999999', `/deals/${northwind.dealIds[0]}`, '/deals/abc', '/clients']) {
        const res = await browser().get(path);
        expect(res.status, path).toBe(303);
        expect(res.location, path).toBe('/');
      }
      const home = await browser().get('/');
      expect(home.status).toBe(200);
      expect(home.text).toContain('<h1>Sign in to Brightside Agency</h1>');
      expect(home.text).toContain('invitation email');
      // The default policy (magic_link): an email address asks for a link; no password form.
      expect(home.text).toContain('<form method="post" action="/auth/sign-in/link" novalidate>');
      expect(home.text).not.toContain('type="password"');
    });

    it('says what to do when there is nothing to show yet', async () => {
      const fresh = await seedPortalClient(test.app, { name: 'Fresh Start Ltd', user: { email: 'f@fresh.example', name: 'Fay' } }, T0);
      const client = browser();
      await signIn(client, fresh.invitationToken);
      const page = (await client.get(`/clients/${fresh.clientId}`)).text;
      expect(page).toContain('Nothing is signed yet.');
      expect(page).toContain('No account manager is assigned to you yet.');
    });

    it('escapes what comes from the CRM', async () => {
      const evil = await seedPortalClient(test.app, { name: '<script>alert(1)</script>', user: { email: 'e@evil.example', name: '"><img src=x>' }, deals: [{ name: '<b>deal</b>', amountMinor: 1, currency: 'USD' }] }, T0);
      const client = browser();
      await signIn(client, evil.invitationToken);
      const page = (await client.get(`/clients/${evil.clientId}`)).text;
      expect(page).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
      expect(page).toContain('&quot;&gt;&lt;img src=x&gt;');
      expect(page).toContain('&lt;b&gt;deal&lt;/b&gt;');
      expect(page).not.toContain('<script>');
      expect(page).not.toContain('<img');
    });
  });

  describe('signing out', () => {
    it('needs the session’s CSRF token', async () => {
      const client = browser();
      await signIn(client, northwind.invitationToken);
      const csrf = csrfOf((await client.get(`/clients/${northwind.clientId}`)).text);

      const missing = await client.postForm('/auth/sign-out', {});
      const wrong = await client.postForm('/auth/sign-out', { _csrf: 'A'.repeat(43) });
      expect([missing.status, wrong.status]).toEqual([403, 403]);
      expect(wrong.text).toContain('<h1>Request refused</h1>');
      expect((await client.get(`/clients/${northwind.clientId}`)).status).toBe(200);

      // Another session's token is no better.
      const other = browser();
      await signIn(other, globex.invitationToken);
      const otherCsrf = csrfOf((await other.get(`/clients/${globex.clientId}`)).text);
      expect((await client.postForm('/auth/sign-out', { _csrf: otherCsrf })).status).toBe(403);

      const cookie = client.cookies.get('clienthub_session')!;
      const res = await client.postForm('/auth/sign-out', { _csrf: csrf });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/signed-out');
      expect(res.setCookies).toEqual(['clienthub_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax']);
      expect(await audit('portal.sign_out')).toHaveLength(1);
      expect(await sqlGet(test.app, 'SELECT COUNT(*) AS n FROM sessions WHERE ended_at IS NULL AND user_id = ?', northwind.userId)).toEqual({ n: 0 });
      const signedOut = await client.get('/signed-out');
      expect(signedOut.text).toContain('<h1>You have signed out</h1>');
      expect(signedOut.text).not.toContain('Sign out');

      // The old cookie, replayed, opens nothing.
      const replay = new PortalHttpClient(served.baseUrl);
      replay.cookies.set('clienthub_session', cookie);
      expect((await replay.get(`/clients/${northwind.clientId}`)).status).toBe(303);
      expect((await client.get(`/clients/${northwind.clientId}`)).status).toBe(303);
      expect((await other.get(`/clients/${globex.clientId}`)).status).toBe(200);
    });
  });

  describe('ending sessions', () => {
    it('signs a user out at once when they are disabled', async () => {
      const client = browser();
      await signIn(client, northwind.invitationToken);
      const cookie = client.cookies.get('clienthub_session')!;
      expect((await client.get(`/clients/${northwind.clientId}`)).status).toBe(200);
      await sqlRun(test.app, `UPDATE portal_users SET status = 'disabled' WHERE id = ?`, northwind.userId);
      const res = await client.get(`/clients/${northwind.clientId}`);
      expect(res.status).toBe(303);
      expect(res.location).toBe('/');
      expect(res.setCookies).toEqual(['clienthub_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax']);
      // Re-enabling does not bring the old session back.
      await sqlRun(test.app, `UPDATE portal_users SET status = 'active' WHERE id = ?`, northwind.userId);
      const replay = new PortalHttpClient(served.baseUrl);
      replay.cookies.set('clienthub_session', cookie);
      expect((await replay.get(`/clients/${northwind.clientId}`)).status).toBe(303);
    });

    it('signs users out when their client is off-boarded', async () => {
      const client = browser();
      await signIn(client, northwind.invitationToken);
      await sqlRun(test.app, `UPDATE clients SET status = 'offboarded' WHERE id = ?`, northwind.clientId);
      expect((await client.get(`/deals/${northwind.dealIds[0]}`)).status).toBe(303);
    });

    it('ends a session after 30 idle minutes', async () => {
      const client = browser();
      await signIn(client, northwind.invitationToken);
      clock += SESSION_IDLE_TIMEOUT_MS - MINUTE;
      expect((await client.get(`/clients/${northwind.clientId}`)).status).toBe(200);
      clock += SESSION_IDLE_TIMEOUT_MS - MINUTE;
      expect((await client.get(`/clients/${northwind.clientId}`)).status).toBe(200);
      clock += SESSION_IDLE_TIMEOUT_MS;
      const res = await client.get(`/clients/${northwind.clientId}`);
      expect(res.status).toBe(303);
      expect(res.location).toBe('/');
    });

    it('ends a session 12 hours after sign-in even when it is in constant use', async () => {
      const client = browser();
      await signIn(client, northwind.invitationToken);
      const started = clock;
      while (clock + 25 * MINUTE < started + SESSION_ABSOLUTE_TIMEOUT_MS) {
        clock += 25 * MINUTE;
        expect((await client.get('/')).status).toBe(303);
        expect((await client.get(`/clients/${northwind.clientId}`)).status).toBe(200);
      }
      clock = started + SESSION_ABSOLUTE_TIMEOUT_MS;
      const res = await client.get(`/clients/${northwind.clientId}`);
      expect(res.status).toBe(303);
      expect(res.location).toBe('/');
    });
  });

  it('serves the stylesheet, cacheable', async () => {
    const res = await browser().get('/assets/portal.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
  });
});
