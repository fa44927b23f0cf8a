/**
 * Concurrent guesses over real HTTP: every attempt is reserved before its password is hashed, so a
 * burst cannot get more evaluations than the limit allows, and the right password sent after the
 * limit was used up does not sign in. The same holds for second-factor codes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csrfOnPage, secretOnPage, startPortalHarness, totpCode, type PortalHarness } from '../../portal-ui/testing/portal-harness.js';
import type { PortalResponse } from '../../tests/support/portal-http-client.js';
import { dummyPasswordHash, HASH_CONCURRENCY, HASH_QUEUE_LIMIT, hashPassword, passwordHashLoad, verifyPassword } from '../auth/password-hash.js';
import { ATTEMPT_RULES } from '../auth/attempt-limits.js';
import { sqlGet, sqlRun } from '../../tests/support/sql.js';

const PASSWORD = 'river otter lamp 42';
const NANCY = 'nancy@northwind.example';

describe('concurrent sign-in guesses', () => {
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

  const guess = (email: string, password: string) => h.browser().postForm('/auth/sign-in/password', { email, password });
  const evaluated = async () => (await h.audit('portal.sign_in_failed')).length + (await h.audit('portal.sign_in')).length;

  /**
   * Sends `wrong` at once, and `right` while they are still in flight, as soon as the ones past the
   * limit have been refused (so it is sent after the limit was reserved, whatever order the wrong
   * ones arrived in); resolves with every answer, `right`'s last.
   */
  async function burstThenRight(wrong: (() => Promise<PortalResponse>)[], right: () => Promise<PortalResponse>, limit: number): Promise<PortalResponse[]> {
    let refused = 0;
    let release!: () => void;
    const limitReached = new Promise<void>((resolve) => (release = resolve));
    const inFlight = wrong.map((send) =>
      send().then((answer) => {
        if (answer.status === 429 && ++refused === wrong.length - limit) release();
        return answer;
      }),
    );
    await limitReached;
    return Promise.all([...inFlight, right()]);
  }

  it('25 at once for one account: at most the limit evaluated, the rest 429, and the right 25th does not sign in', async () => {
    const wrong = Array.from({ length: 24 }, (_, i) => () => guess(NANCY, `wrong guess ${i} here`));
    const answers = await burstThenRight(wrong, () => guess(NANCY, PASSWORD), ATTEMPT_RULES.passwordAccount.limit);
    const statuses = answers.map((a) => a.status);
    expect(await evaluated()).toBe(ATTEMPT_RULES.passwordAccount.limit);
    expect(statuses.filter((s) => s === 401)).toHaveLength(ATTEMPT_RULES.passwordAccount.limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25 - ATTEMPT_RULES.passwordAccount.limit);
    expect(answers.at(-1)!.status).toBe(429);
    expect(answers.at(-1)!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(statuses).not.toContain(303);
    expect(await h.audit('portal.sign_in')).toHaveLength(0);
    expect(await h.audit('portal.locked_out')).toHaveLength(1);
    // And the right password stays refused for the rest of the window.
    expect((await guess(NANCY, PASSWORD)).status).toBe(429);
  });

  it('60 at once from one IP across addresses: at most the IP limit evaluated, the rest refused', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => guess(`spray-${i}@northwind.example`, `sprayed guess ${i}`)));
    const statuses = answers.map((a) => a.status);
    expect(await evaluated()).toBeLessThanOrEqual(ATTEMPT_RULES.passwordIp.limit);
    expect(statuses.filter((s) => s === 401)).toHaveLength(await evaluated());
    expect(statuses.filter((s) => s === 429 || s === 503)).toHaveLength(60 - (await evaluated()));
    expect((await h.audit('portal.locked_out')).map((a) => JSON.parse(String(a.details)).rule)).toEqual(['passwordIp']);
  }, 60_000);

  it('a right password gives its attempt back: it does not use up the IP limit', async () => {
    for (let i = 0; i < ATTEMPT_RULES.passwordIp.limit + 5; i++) expect((await guess(NANCY, PASSWORD)).status).toBe(303);
  }, 60_000);

  it('answers 503 with Retry-After when the hashing queue is full, and counts nothing', async () => {
    // Fill every hashing slot and the whole queue (as sign-ins from many addresses would). The ones
    // holding the slots take seconds (600 passes, about 2 s here), so no slot can come free before the request
    // below reaches the queue however slow the machine; the queued ones are cheap, so the wait is short.
    const slow = dummyPasswordHash().replace(',t=2,', ',t=600,');
    const cheap = dummyPasswordHash().replace(/m=\d+,t=2,/, 'm=8,t=1,');
    const busy = Array.from({ length: HASH_CONCURRENCY + HASH_QUEUE_LIMIT }, (_, i) => verifyPassword(i < HASH_CONCURRENCY ? slow : cheap, 'somebody else guessing'));
    const load = passwordHashLoad();
    expect(load.active + load.pending).toBe(HASH_CONCURRENCY + HASH_QUEUE_LIMIT);
    const refused = await guess(NANCY, PASSWORD);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.text).toContain('Nothing was counted against you');
    expect(refused.setCookies).toEqual([]);
    await Promise.all(busy);
    expect(await sqlGet(h.test.app, 'SELECT COUNT(*) AS n FROM rate_windows WHERE used > 0')).toEqual({ n: 0 });
    expect((await guess(NANCY, PASSWORD)).status).toBe(303);
  }, 60_000);

  it('concurrent second-factor codes: at most the limit checked, the right code after it refused', async () => {
    const { client } = await h.as(h.world.adminId);
    const page = await client.get('/auth/two-factor/enrol');
    const secret = secretOnPage(page.text);
    const enrolled = await client.postForm('/auth/two-factor/enrol', { _csrf: csrfOnPage(page.text), code: totpCode(secret, h.now()) });
    expect(enrolled.status).toBe(200);
    await sqlRun(h.test.app, 'DELETE FROM rate_windows');

    const browser = h.browser();
    expect((await browser.postForm('/auth/sign-in/password', { email: NANCY, password: PASSWORD })).location).toBe('/auth/two-factor');
    const csrf = csrfOnPage((await browser.get('/auth/two-factor')).text);
    // A time step later than enrolment's, so the right code is not refused as a replay.
    h.setClock(h.now() + 30_000);
    const code = (value: string) => () => browser.postForm('/auth/two-factor', { _csrf: csrf, code: value });
    const wrong = Array.from({ length: 11 }, (_, i) => code(String(200000 + i)));
    const answers = await burstThenRight(wrong, code(totpCode(secret, h.now())), ATTEMPT_RULES.secondFactorUser.limit);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(ATTEMPT_RULES.secondFactorUser.limit);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(12 - ATTEMPT_RULES.secondFactorUser.limit);
    expect(answers.at(-1)!.status).toBe(429);
    expect(await h.audit('portal.second_factor_failed')).toHaveLength(ATTEMPT_RULES.secondFactorUser.limit);
  });
});
