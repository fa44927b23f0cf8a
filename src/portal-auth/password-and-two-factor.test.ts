/** Passwords (policy "either") and TOTP two-factor over real HTTP: sign-in, lockout, enrolment, step-up in the session, recovery codes. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csrfOnPage, MINUTE, recoveryCodesOnPage, secretOnPage, startPortalHarness, T0, totpCode, type PortalHarness } from '../../portal-ui/testing/portal-harness.js';
import { hashPassword, passwordDerivations } from '../auth/password-hash.js';
import { ATTEMPT_RULES } from '../auth/attempt-limits.js';
import type { PortalHttpClient } from '../../tests/support/portal-http-client.js';
import { sqlAll, sqlGet, sqlRun } from '../../tests/support/sql.js';

const PASSWORD = 'river otter lamp 42';
const NANCY = 'nancy@northwind.example';

describe('passwords and two-factor', () => {
  let h: PortalHarness;
  let storedHash: string;
  beforeAll(async () => {
    h = await startPortalHarness({ PORTAL_SIGN_IN: 'either' });
    storedHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.reset();
    await sqlRun(h.test.app, 'UPDATE portal_users SET password_hash = ? WHERE id = ?', storedHash, h.world.adminId);
  });

  const signInWithPassword = (client: PortalHttpClient, password = PASSWORD, email = NANCY) => client.postForm('/auth/sign-in/password', { email, password });
  // rowid: SQLite's, and on PostgreSQL the sessions table's identity column of that name (insertion order on both).
  const liveSessions = () => sqlAll(h.test.app, 'SELECT mfa_state AS state, auth_method AS method FROM sessions WHERE ended_at IS NULL ORDER BY rowid');

  /** Turns TOTP on for Nancy through the account pages; returns the secret and the recovery codes. */
  async function enrol(): Promise<{ secret: string; codes: string[] }> {
    const { client } = await h.as(h.world.adminId);
    const account = await client.get('/account');
    expect(account.text).toContain('<a href="/auth/two-factor/enrol">Set up two-step verification</a>');
    const page = await client.get('/auth/two-factor/enrol');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg class="qr" role="img" aria-label="QR code for your authenticator app"');
    const secret = secretOnPage(page.text);
    // Reloading shows the same secret: the one already scanned stays valid.
    expect(secretOnPage((await client.get('/auth/two-factor/enrol')).text)).toBe(secret);
    const csrf = csrfOnPage(page.text);
    const wrong = await client.postForm('/auth/two-factor/enrol', { _csrf: csrf, code: '000000' });
    expect(wrong.status).toBe(400);
    const done = await client.postForm('/auth/two-factor/enrol', { _csrf: csrf, code: totpCode(secret, h.now()) });
    expect(done.status).toBe(200);
    const codes = recoveryCodesOnPage(done.text);
    expect(codes).toHaveLength(10);
    return { secret, codes };
  }

  describe('password sign-in', () => {
    it('signs in with the right password and shows both ways in on the start page', async () => {
      const home = (await h.browser().get('/')).text;
      expect(home).toContain('action="/auth/sign-in/link"');
      expect(home).toContain('action="/auth/sign-in/password"');
      expect(home).toContain('autocomplete="current-password"');
      const browser = h.browser();
      const res = await signInWithPassword(browser);
      expect(res.status).toBe(303);
      expect(res.location).toBe('/');
      expect((await browser.get(`/clients/${h.world.northwind.clientId}`)).status).toBe(200);
      expect(await liveSessions()).toEqual([{ state: 'not_required', method: 'password' }]);
      expect(JSON.parse(String((await h.audit('portal.sign_in'))[0]!.details))).toEqual({ via: 'password' });
    });

    it('answers a wrong password, an unknown address and an account without a password identically, each paying for one argon2id derivation', async () => {
      // Each answer runs exactly one argon2id derivation at today's cost, whether or not the account
      // exists or has a password: counted, not timed (timings belong in benchmarks).
      const answer = async (email: string, password: string) => {
        const before = passwordDerivations();
        const res = await signInWithPassword(h.browser(), password, email);
        return { res, derivations: passwordDerivations() - before };
      };
      const wrong = await answer(NANCY, 'not my password at all');
      const unknown = await answer('nobody@northwind.example', 'not my password at all');
      const noPassword = await answer('mike@northwind.example', 'not my password at all');
      for (const { res } of [wrong, unknown, noPassword]) {
        expect(res.status).toBe(401);
        expect(res.setCookies).toEqual([]);
        expect(res.text.replace(/value="[^"]*@northwind\.example"/g, '')).toBe(wrong.res.text.replace(/value="[^"]*@northwind\.example"/g, ''));
        expect(res.text).toContain('That email address and password do not match.');
      }
      expect([wrong, unknown, noPassword].map((a) => a.derivations)).toEqual([1, 1, 1]);
      expect((await h.audit('portal.sign_in_failed')).map((a) => JSON.parse(String(a.details)).reason)).toEqual(['bad_password', 'unknown_email', 'no_password']);
    });

    it('locks an address after 5 wrong passwords, known or unknown alike, audits it, and lets it in after the window', async () => {
      for (const email of [NANCY, 'ghost@northwind.example']) {
        for (let i = 0; i < ATTEMPT_RULES.passwordAccount.limit; i++) expect((await signInWithPassword(h.browser(), 'wrong password here', email)).status).toBe(401);
        const locked = await signInWithPassword(h.browser(), email === NANCY ? PASSWORD : 'wrong password here', email);
        expect(locked.status).toBe(429);
        expect(locked.text).toContain('Please try again in 15 minutes.');
      }
      expect((await h.audit('portal.locked_out')).map((a) => [a.subject_id, JSON.parse(String(a.details)).rule])).toEqual([
        [String(h.world.adminId), 'passwordAccount'],
        [null, 'passwordAccount'],
      ]);
      h.setClock(T0 + ATTEMPT_RULES.passwordAccount.windowMs);
      expect((await signInWithPassword(h.browser())).status).toBe(303);
    });

    it('changes a password only with the current one, and ends the other sessions', async () => {
      const other = await h.as(h.world.adminId);
      const { client, csrf } = await h.as(h.world.adminId);
      expect((await client.get('/account/password')).text).toContain('Current password');
      const wrong = await client.postForm('/account/password', { _csrf: csrf, current: 'not it', password: 'a brand new passphrase', confirmation: 'a brand new passphrase' });
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('Your current password is not right.');
      const weak = await client.postForm('/account/password', { _csrf: csrf, current: PASSWORD, password: 'short', confirmation: 'short' });
      expect(weak.text).toContain('Use at least 12 characters.');
      const ok = await client.postForm('/account/password', { _csrf: csrf, current: PASSWORD, password: 'a brand new passphrase', confirmation: 'a brand new passphrase' });
      expect(ok.status).toBe(303);
      expect(ok.location).toBe('/account?done=password_set');
      expect((await other.client.get(`/clients/${h.world.northwind.clientId}`)).location).toBe('/');
      expect((await client.get('/account')).status).toBe(200);
      expect((await signInWithPassword(h.browser(), PASSWORD)).status).toBe(401);
      expect((await signInWithPassword(h.browser(), 'a brand new passphrase')).status).toBe(303);
      const forged = await client.postForm('/account/password', { _csrf: 'forged', current: 'a brand new passphrase', password: 'yet another passphrase', confirmation: 'yet another passphrase' });
      expect(forged.status).toBe(403);
    });
  });

  describe('two-factor', () => {
    it('enrols from the account page, and the session that enrolled counts as stepped up', async () => {
      await enrol();
      expect(await h.audit('portal.two_factor_enabled')).toHaveLength(1);
      const sealed = (await sqlGet<{ s: string; c: number }>(h.test.app, 'SELECT secret_sealed AS s, confirmed_at AS c FROM portal_user_totp'))!;
      expect(sealed.s).toMatch(/^v1:/);
      expect(sealed.c).toBe(T0);
      expect(await sqlGet(h.test.app, 'SELECT mfa_state AS s, mfa_verified_at AS at FROM sessions WHERE ended_at IS NULL')).toEqual({ s: 'verified', at: T0 });
    });

    it('after the password, asks for the code; nothing opens until it is given; then a new session', async () => {
      const { secret } = await enrol();
      h.setClock(T0 + MINUTE);
      const browser = h.browser();
      const first = await signInWithPassword(browser);
      expect(first.location).toBe('/auth/two-factor');
      const halfCookie = browser.cookies.get('clienthub_session');
      expect(await h.audit('portal.sign_in_first_factor')).toHaveLength(1);
      for (const path of ['/', `/clients/${h.world.northwind.clientId}`, '/invoices', '/account', '/team']) {
        expect((await browser.get(path)).location, path).toBe('/auth/two-factor');
      }
      const page = await browser.get('/auth/two-factor');
      expect(page.status).toBe(200);
      expect(page.text).toContain('autocomplete="one-time-code"');
      const csrf = csrfOnPage(page.text);
      expect((await browser.postForm('/auth/two-factor', { _csrf: 'forged', code: totpCode(secret, h.now()) })).status).toBe(403);
      const wrong = await browser.postForm('/auth/two-factor', { _csrf: csrf, code: '123456' });
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain('That code is not right.');
      const code = totpCode(secret, h.now());
      const ok = await browser.postForm('/auth/two-factor', { _csrf: csrf, code });
      expect(ok.status).toBe(303);
      expect(ok.location).toBe('/');
      expect(browser.cookies.get('clienthub_session')).not.toBe(halfCookie);
      expect((await browser.get(`/clients/${h.world.northwind.clientId}`)).status).toBe(200);
      expect(await liveSessions()).toEqual([
        { state: 'verified', method: null },
        { state: 'verified', method: 'password' },
      ]);
      expect(JSON.parse(String((await h.audit('portal.sign_in')).at(-1)!.details))).toEqual({ via: 'password', secondFactor: 'totp' });
      // "Your sessions" tells how each signed in, and shows one still waiting for its code.
      const waiting = h.browser();
      await signInWithPassword(waiting);
      const sessions = (await browser.get('/account/sessions')).text;
      expect(sessions).toContain('Signed in with a password and a two-step code.');
      expect(sessions).toContain('Waiting for the two-step code after a password. If this is not you, end it and change your password.');

      // The same code cannot be used again, even within its 30 seconds.
      const again = h.browser();
      await signInWithPassword(again);
      const againCsrf = csrfOnPage((await again.get('/auth/two-factor')).text);
      expect((await again.postForm('/auth/two-factor', { _csrf: againCsrf, code })).status).toBe(401);
    });

    it('takes a recovery code once instead of the app code', async () => {
      const { codes } = await enrol();
      const browser = h.browser();
      await signInWithPassword(browser);
      const csrf = csrfOnPage((await browser.get('/auth/two-factor')).text);
      const ok = await browser.postForm('/auth/two-factor/recovery', { _csrf: csrf, code: codes[0]!.toLowerCase() });
      expect(ok.status).toBe(303);
      expect(JSON.parse(String((await h.audit('portal.recovery_code_used'))[0]!.details))).toEqual({ remaining: 9 });
      expect((await browser.get('/account')).text).toContain('9 recovery codes left.');

      const reuse = h.browser();
      await signInWithPassword(reuse);
      const reuseCsrf = csrfOnPage((await reuse.get('/auth/two-factor')).text);
      const refused = await reuse.postForm('/auth/two-factor/recovery', { _csrf: reuseCsrf, code: codes[0]! });
      expect(refused.status).toBe(401);
      expect(refused.text).toContain('That recovery code is not right, or it was already used.');
    });

    it('throttles code guesses per user', async () => {
      await enrol();
      // enrol() typed one wrong code on purpose: start this count from nothing.
      await sqlRun(h.test.app, 'DELETE FROM rate_windows');
      await sqlRun(h.test.app, `DELETE FROM audit_log WHERE action = 'portal.second_factor_failed'`);
      const browser = h.browser();
      await signInWithPassword(browser);
      const csrf = csrfOnPage((await browser.get('/auth/two-factor')).text);
      for (let i = 0; i < ATTEMPT_RULES.secondFactorUser.limit; i++) expect((await browser.postForm('/auth/two-factor', { _csrf: csrf, code: String(100000 + i) })).status).toBe(401);
      const locked = await browser.postForm('/auth/two-factor', { _csrf: csrf, code: '999999' });
      expect(locked.status).toBe(429);
      expect(locked.text).toContain('Too many attempts');
      expect(await h.audit('portal.second_factor_failed')).toHaveLength(ATTEMPT_RULES.secondFactorUser.limit);
      expect(JSON.parse(String((await h.audit('portal.locked_out'))[0]!.details))).toEqual({ rule: 'secondFactorUser' });
    });

    it('ends a half-signed-in session after 15 minutes, and lets it be cancelled', async () => {
      await enrol();
      const late = h.browser();
      await signInWithPassword(late);
      h.setClock(T0 + 15 * MINUTE);
      expect((await late.get('/auth/two-factor')).location).toBe('/');
      h.setClock(T0);
      const cancel = h.browser();
      await signInWithPassword(cancel);
      const csrf = csrfOnPage((await cancel.get('/auth/two-factor')).text);
      expect((await cancel.postForm('/auth/sign-out', { _csrf: csrf })).location).toBe('/signed-out');
      expect((await cancel.get('/auth/two-factor')).location).toBe('/');
    });

    it('is turned off only with a fresh code', async () => {
      const { secret } = await enrol();
      const { client, csrf } = await h.as(h.world.adminId);
      const refused = await client.postForm('/account/two-factor/disable', { _csrf: csrf, code: '000000' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('That code is not right.');
      h.setClock(T0 + MINUTE);
      const ok = await client.postForm('/account/two-factor/disable', { _csrf: csrf, code: totpCode(secret, h.now()) });
      expect(ok.location).toBe('/account?done=two_factor_off');
      expect(await sqlGet(h.test.app, 'SELECT COUNT(*) AS n FROM portal_user_totp')).toEqual({ n: 0 });
      expect((await signInWithPassword(h.browser())).location).toBe('/');
    });

    it('makes new recovery codes with a fresh code; the old ones stop working', async () => {
      const { secret, codes } = await enrol();
      const { client, csrf } = await h.as(h.world.adminId);
      h.setClock(T0 + MINUTE);
      const res = await client.postForm('/account/two-factor/recovery-codes', { _csrf: csrf, code: totpCode(secret, h.now()) });
      const fresh = recoveryCodesOnPage(res.text);
      expect(fresh).toHaveLength(10);
      expect(fresh).not.toContain(codes[1]);
      const browser = h.browser();
      await signInWithPassword(browser);
      const stepCsrf = csrfOnPage((await browser.get('/auth/two-factor')).text);
      expect((await browser.postForm('/auth/two-factor/recovery', { _csrf: stepCsrf, code: codes[1]! })).status).toBe(401);
      expect((await browser.postForm('/auth/two-factor/recovery', { _csrf: stepCsrf, code: fresh[1]! })).status).toBe(303);
    });

    it('sign-in links lead to the same second step', async () => {
      const { secret } = await enrol();
      h.setClock(T0 + MINUTE);
      const browser = h.browser();
      await browser.postForm('/auth/sign-in/link', { email: NANCY });
      const res = await browser.postForm('/auth/link', { token: (await h.linkMailedTo(NANCY))! });
      expect(res.location).toBe('/auth/two-factor');
      const csrf = csrfOnPage((await browser.get('/auth/two-factor')).text);
      expect((await browser.postForm('/auth/two-factor', { _csrf: csrf, code: totpCode(secret, h.now()) })).location).toBe('/');
      expect(JSON.parse(String((await h.audit('portal.sign_in')).at(-1)!.details))).toEqual({ via: 'sign_in', secondFactor: 'totp' });
    });
  });
});

describe('workspace policies', () => {
  it('requires every user to enrol two-factor before anything opens (PORTAL_REQUIRE_2FA)', async () => {
    const h = await startPortalHarness({ PORTAL_REQUIRE_2FA: 'true' });
    try {
      const browser = h.browser();
      const res = await browser.postForm('/auth/link', { token: h.world.globex.invitationToken });
      expect(res.location).toBe('/auth/two-factor');
      expect((await browser.get('/auth/two-factor')).location).toBe('/auth/two-factor/enrol');
      expect((await browser.get(`/clients/${h.world.globex.clientId}`)).location).toBe('/auth/two-factor');
      const page = await browser.get('/auth/two-factor/enrol');
      expect(page.text).toContain('Your organisation asks everyone to use two-step verification.');
      const done = await browser.postForm('/auth/two-factor/enrol', { _csrf: csrfOnPage(page.text), code: totpCode(secretOnPage(page.text), h.now()) });
      expect(done.status).toBe(200);
      expect(done.text).toContain('I have saved them: continue to the portal');
      expect((await browser.get(`/clients/${h.world.globex.clientId}`)).status).toBe(200);
      const account = (await browser.get('/account')).text;
      expect(account).toContain('Your organisation requires it.');
      expect(account).not.toContain('Turn off two-step verification');
      // A session from before the requirement owes the enrolment too.
      const { client } = await h.as(h.world.adminId);
      expect((await client.get(`/clients/${h.world.northwind.clientId}`)).location).toBe('/auth/two-factor');
    } finally {
      await h.close();
    }
  });

  it('under the password policy, someone signed in by invitation chooses a password first', async () => {
    const h = await startPortalHarness({ PORTAL_SIGN_IN: 'password' });
    try {
      const home = (await h.browser().get('/')).text;
      expect(home.indexOf('action="/auth/sign-in/password"')).toBeLessThan(home.indexOf('action="/auth/sign-in/link"'));
      expect(home).toContain('Forgot your password, or have none yet?');
      const browser = h.browser();
      await browser.postForm('/auth/link', { token: h.world.globex.invitationToken });
      expect((await browser.get(`/clients/${h.world.globex.clientId}`)).location).toBe('/account/password');
      const page = await browser.get('/account/password');
      expect(page.text).toContain('Your organisation signs in with passwords.');
      expect(page.text).not.toContain('Current password');
      const saved = await browser.postForm('/account/password', { _csrf: csrfOnPage(page.text), password: 'globex lighthouse kettle', confirmation: 'globex lighthouse kettle' });
      expect(saved.location).toBe('/account?done=password_set');
      expect((await browser.get(`/clients/${h.world.globex.clientId}`)).status).toBe(200);
      expect(await h.audit('portal.password_set')).toHaveLength(1);
      expect((await h.browser().postForm('/auth/sign-in/password', { email: 'hank@globex.example', password: 'globex lighthouse kettle' })).location).toBe('/');
    } finally {
      await h.close();
    }
  });
});
