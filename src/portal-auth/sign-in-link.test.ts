/** Asking for a sign-in link (the default policy): identical answers, browser binding, lifetime, throttling. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, startPortalHarness, T0, type PortalHarness } from '../../portal-ui/testing/portal-harness.js';
import { TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';
import { ATTEMPT_RULES } from '../auth/attempt-limits.js';
import { sqlAll } from '../../tests/support/sql.js';

describe('sign-in links', () => {
  let h: PortalHarness;
  beforeAll(async () => {
    h = await startPortalHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.reset());

  const nancy = 'nancy@northwind.example';
  const request = (client = h.browser(), email = nancy) => client.postForm('/auth/sign-in/link', { email });
  const tokens = (userId: number) => sqlAll(h.test.app, `SELECT * FROM auth_tokens WHERE user_id = ? AND purpose = 'sign_in' ORDER BY id`, userId);

  it('answers a known and an unknown address the same way, and mails only the known one', async () => {
    const known = await request(h.browser(), ' Nancy@Northwind.example ');
    const unknown = await request(h.browser(), 'nobody@northwind.example');
    for (const res of [known, unknown]) {
      expect(res.status).toBe(303);
      expect(res.location).toBe('/auth/sign-in/sent');
      expect(res.text).toBe(known.text);
      expect(res.setCookies).toHaveLength(1);
      expect(res.setCookies[0]).toMatch(/^clienthub_link=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/);
    }
    const mails = await h.outbox();
    expect(mails.map((m) => [m.to, m.kind, m.subject])).toEqual([[nancy, 'sign_in_link', 'Brightside Agency: your sign-in link']]);
    expect(mails[0]!.text).toContain('It works once, for 10 minutes');
    const [token] = await tokens(h.world.adminId);
    expect(Number(token!.expires_at) - Number(token!.created_at)).toBe(TOKEN_LIFETIME_MS.sign_in);
    expect(token!.browser_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await h.audit('portal.sign_in_link_requested')).map((a) => JSON.parse(String(a.details)))).toEqual([
      { email: nancy, known: true },
      { email: 'nobody@northwind.example', known: false },
    ]);
    const sent = await h.browser().get('/auth/sign-in/sent');
    expect(sent.text).toContain('If this address has access to the portal, we have emailed it a sign-in link.');
  });

  it('signs in with one press in the browser that asked, and the link works once', async () => {
    const browser = h.browser();
    await request(browser);
    const token = (await h.linkMailedTo(nancy))!;
    expect((await browser.get(`/auth/link/${token}`)).text).toContain('Continue to the portal');
    const res = await browser.postForm('/auth/link', { token });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/');
    expect(browser.cookies.get('clienthub_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await browser.get('/')).location).toBe(`/clients/${h.world.northwind.clientId}`);
    expect(await sqlAll(h.test.app, 'SELECT auth_method AS m, mfa_state AS s FROM sessions WHERE ended_at IS NULL')).toEqual([{ m: 'sign_in_link', s: 'not_required' }]);
    expect(JSON.parse(String((await h.audit('portal.sign_in'))[0]!.details))).toEqual({ via: 'sign_in', activated: false });
    expect((await h.browser().postForm('/auth/link', { token })).status).toBe(410);
  });

  it('asks another browser for the address the link was sent to before using it', async () => {
    await request(h.browser());
    const token = (await h.linkMailedTo(nancy))!;
    const elsewhere = h.browser();
    const first = await elsewhere.postForm('/auth/link', { token });
    expect(first.status).toBe(200);
    expect(first.text).toContain('<h1>Confirm it is you</h1>');
    expect(first.text).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect((await tokens(h.world.adminId))[0]!.used_at).toBeNull();

    const wrong = await elsewhere.postForm('/auth/link', { token, email: 'mike@northwind.example' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('That is not the address this link was sent to.');
    expect((await tokens(h.world.adminId))[0]!.used_at).toBeNull();
    expect(JSON.parse(String((await h.audit('portal.sign_in_failed'))[0]!.details))).toEqual({ reason: 'other_browser_wrong_email' });

    const right = await elsewhere.postForm('/auth/link', { token, email: 'NANCY@northwind.example' });
    expect(right.status).toBe(303);
    expect(elsewhere.cookies.has('clienthub_session')).toBe(true);
    expect((await tokens(h.world.adminId))[0]!.used_at).not.toBeNull();
  });

  it('does not bind invitations: nobody asked for them from a browser', async () => {
    const res = await h.browser().postForm('/auth/link', { token: h.world.globex.invitationToken });
    expect(res.status).toBe(303);
  });

  it('expires after 10 minutes, and a new request revokes the previous link', async () => {
    const browser = h.browser();
    await request(browser);
    const first = (await h.linkMailedTo(nancy))!;
    await request(browser);
    const second = (await h.linkMailedTo(nancy))!;
    expect(second).not.toBe(first);
    expect((await browser.postForm('/auth/link', { token: first })).status).toBe(410);
    h.setClock(T0 + 10 * MINUTE);
    expect((await browser.postForm('/auth/link', { token: second })).status).toBe(410);
  });

  it('throttles per address, known or not, with the same answer, and audits the lockout', async () => {
    const limit = ATTEMPT_RULES.linkAccount.limit;
    for (const email of [nancy, 'ghost@northwind.example']) {
      for (let i = 0; i < limit; i++) expect((await request(h.browser(), email)).status).toBe(303);
      const refused = await request(h.browser(), email);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.text).toContain('<h1>Too many attempts</h1>');
      expect(refused.setCookies).toEqual([]);
    }
    expect((await h.outbox()).filter((m) => m.to === nancy)).toHaveLength(limit);
    expect((await h.audit('portal.locked_out')).map((a) => JSON.parse(String(a.details)))).toEqual([
      { rule: 'linkAccount', email: nancy },
      { rule: 'linkAccount', email: 'ghost@northwind.example' },
    ]);
    expect(await h.audit('portal.sign_in_link_throttled')).toHaveLength(2);
    h.setClock(T0 + ATTEMPT_RULES.linkAccount.windowMs);
    expect((await request(h.browser(), nancy)).status).toBe(303);
  });

  it('throttles per IP across addresses', async () => {
    for (let i = 0; i < ATTEMPT_RULES.linkIp.limit; i++) await request(h.browser(), `person${i}@example.com`);
    expect((await request(h.browser(), nancy)).status).toBe(429);
  });

  it('shows a mistake in the address beside the field, and refuses forms from other sites', async () => {
    const bad = await request(h.browser(), 'not an address');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter your email address, like name@example.com.');
    expect(bad.text).toContain('value="not an address"');
    const forged = await h.browser().postForm('/auth/sign-in/link', { email: nancy }, { 'sec-fetch-site': 'cross-site' });
    expect(forged.status).toBe(403);
    expect(await h.outbox()).toEqual([]);
  });

  it('offers no password sign-in under the magic-link policy', async () => {
    expect((await h.browser().postForm('/auth/sign-in/password', { email: nancy, password: 'whatever it is' })).status).toBe(404);
    expect((await (await h.as(h.world.adminId)).client.get('/account/password')).status).toBe(404);
  });
});
