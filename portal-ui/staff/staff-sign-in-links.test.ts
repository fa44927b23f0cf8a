/**
 * Staff sign-in links over HTTP: requests are throttled like the portal's (per address, known or not,
 * and per IP), a new request leaves earlier links working (asking again cannot lock anyone out), and
 * a link opened outside the browser that asked for it needs the address it was sent to.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { createPortalTestApp, type PortalTestApp } from '../../tests/support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { sqlAll, sqlGet } from '../../tests/support/sql.js';
import { seedStaffWorld } from './testing/seed-staff-world.js';
import { addStaffUser } from '../../src/staff/add-staff-user.js';
import { ATTEMPT_RULES } from '../../src/auth/attempt-limits.js';

const OWNER = 'owner@brightside.example';

describe('staff sign-in links', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  const audit = async (action: string) => await sqlAll(test.app, 'SELECT * FROM audit_log WHERE action = ? ORDER BY id', action) as Record<string, unknown>[];
  const mailedTokens = async () =>
    (await sqlAll(test.app, `SELECT text_body AS text FROM outbox_messages WHERE kind = 'staff_sign_in' ORDER BY id`) as { text: string }[]).map((m) => /\/staff\/auth\/link\/([A-Za-z0-9_-]+)/.exec(m.text)![1]!);
  const browser = () => new PortalHttpClient(served.baseUrl);

  beforeEach(async () => {
    test = await createPortalTestApp();
    await seedStaffWorld(test.app, Date.now());
    served = await serveHttp(createHttpApp(test.app));
  });
  afterEach(async () => {
    await served.close();
    await test.dispose();
  });

  it('25 requests for one staff address: 3 emails, the rest 429, and every link sent still works', async () => {
    const asker = browser();
    const answers = [];
    for (let i = 0; i < 25; i++) answers.push(await asker.postForm('/staff/sign-in', { email: OWNER }));
    const limit = ATTEMPT_RULES.staffLinkAccount.limit;
    expect(answers.slice(0, limit).map((a) => a.location)).toEqual(Array(limit).fill('/staff/sign-in?sent=1'));
    expect(answers.slice(limit).map((a) => a.status)).toEqual(Array(25 - limit).fill(429));
    expect(answers.at(-1)!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(answers.at(-1)!.text).toContain('Links already sent still work.');
    const tokens = await mailedTokens();
    expect(tokens).toHaveLength(limit);
    expect(await sqlGet(test.app, 'SELECT COUNT(*) AS n FROM staff_auth_tokens WHERE revoked_at IS NOT NULL')).toEqual({ n: 0 });
    expect((await audit('staff.locked_out')).map((a) => JSON.parse(String(a.details)).rule)).toEqual(['staffLinkAccount']);

    // The first link still signs in; using it retires the other two.
    const signedIn = await asker.postForm('/staff/auth/link', { token: tokens[0]! });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/staff/connect');
    expect((await browser().postForm('/staff/auth/link', { token: tokens[1]! })).status).toBe(410);
  });

  it('answers an unknown address the same way, counted the same, and limits one IP across addresses', async () => {
    const asker = browser();
    const limit = ATTEMPT_RULES.staffLinkAccount.limit;
    for (let i = 0; i < limit; i++) expect((await asker.postForm('/staff/sign-in', { email: 'ghost@brightside.example' })).location).toBe('/staff/sign-in?sent=1');
    expect((await asker.postForm('/staff/sign-in', { email: 'ghost@brightside.example' })).status).toBe(429);
    const ipLimit = ATTEMPT_RULES.staffLinkIp.limit;
    const statuses = [];
    for (let i = 0; i < ipLimit; i++) statuses.push((await asker.postForm('/staff/sign-in', { email: `spray-${i}@brightside.example` })).status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(ipLimit - limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(limit);
    expect(await mailedTokens()).toHaveLength(0);
  });

  it('binds a link to the browser that asked: elsewhere it needs the address it was sent to', async () => {
    const asker = browser();
    await asker.postForm('/staff/sign-in', { email: OWNER });
    const [token] = await mailedTokens();
    const other = browser();
    const step = await other.postForm('/staff/auth/link', { token: token! });
    expect(step.status).toBe(200);
    expect(step.text).toContain('This sign-in link was asked for in another browser.');
    expect(step.setCookies).toEqual([]);
    const wrong = await other.postForm('/staff/auth/link', { token: token!, email: 'someone@brightside.example' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('That is not the address this link was sent to.');
    expect(JSON.parse(String((await audit('staff.sign_in_failed'))[0]!.details))).toEqual({ reason: 'other_browser_wrong_email' });
    const right = await other.postForm('/staff/auth/link', { token: token!, email: 'Owner@Brightside.example' });
    expect(right.status).toBe(303);
    expect(right.location).toBe('/staff/connect');
    expect((await other.get('/staff/connect')).status).toBe(200);
  });

  it('signs in with one press in the asking browser, and leaves printed `staff add` links unbound', async () => {
    const asker = browser();
    await asker.postForm('/staff/sign-in', { email: OWNER });
    expect((await asker.postForm('/staff/auth/link', { token: (await mailedTokens())[0]! })).location).toBe('/staff/connect');
    const { link } = await addStaffUser(test.app, { email: 'boss@brightside.example', role: 'owner' });
    expect((await browser().postForm('/staff/auth/link', { token: link.split('/').pop()! })).location).toBe('/staff/connect');
  });

  it('counts wrong addresses typed for a link per IP', async () => {
    const asker = browser();
    await asker.postForm('/staff/sign-in', { email: OWNER });
    const [token] = await mailedTokens();
    const other = browser();
    for (let i = 0; i < ATTEMPT_RULES.linkConfirmIp.limit; i++) expect((await other.postForm('/staff/auth/link', { token: token!, email: `guess${i}@brightside.example` })).status).toBe(400);
    expect((await other.postForm('/staff/auth/link', { token: token!, email: OWNER })).status).toBe(429);
  });
});
