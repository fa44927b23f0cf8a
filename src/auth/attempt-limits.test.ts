import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/open-database.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../tests/support/store-engines.js';
import { ATTEMPT_RULES, clearAttempts, releaseAttempt, reserveAttempt, type AttemptKey } from './attempt-limits.js';

const KEY = Buffer.alloc(32, 7);
const T0 = Date.parse('2026-11-20T10:00:00Z');

describe.each(STORE_ENGINES)('sign-in attempt limits (fixed windows) on %s', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(engine, { poolSize: 10 });
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  beforeEach(async () => {
    await t.store.db.deleteFrom('rate_windows').execute();
  });

  const account = (email: string): AttemptKey => ({ rule: 'passwordAccount', subject: email });
  const allowed = async (keys: AttemptKey[], now = T0) => (await reserveAttempt(t.store, KEY, keys, now)).ok;

  it('reserves up to the limit, says which attempt used it up, then refuses until the window ends', async () => {
    const keys = [account('nancy@northwind.example')];
    const { limit, windowMs } = ATTEMPT_RULES.passwordAccount;
    const start = T0 - (T0 % windowMs);
    for (let i = 1; i <= limit; i++) expect(await reserveAttempt(t.store, KEY, keys, start + i)).toEqual({ ok: true, exhausted: i === limit ? keys : [] });
    expect(await reserveAttempt(t.store, KEY, keys, start + 100)).toEqual({ ok: false, retryAfterMs: windowMs - 100 });
    // Refusals are not counted: the next window starts from one.
    expect(await reserveAttempt(t.store, KEY, keys, start + windowMs)).toEqual({ ok: true, exhausted: [] });
  });

  it('counts addresses as typed, case-insensitively and hashed, whether or not an account exists', async () => {
    for (let i = 0; i < 5; i++) await allowed([account('Nobody@Nowhere.example')]);
    expect(await allowed([account('nobody@nowhere.example')])).toBe(false);
    expect(await allowed([account('other@nowhere.example')])).toBe(true);
    const keys = (await t.store.db.selectFrom('rate_windows').select('key').execute()).map((r) => r.key);
    expect(keys.join()).not.toContain('nowhere');
  });

  it('keeps one IP limit across addresses (password spraying), and counts none of the keys when one is used up', async () => {
    const ip: AttemptKey = { rule: 'passwordIp', subject: '203.0.113.9' };
    for (let i = 0; i < ATTEMPT_RULES.passwordIp.limit; i++) expect(await allowed([account(`user${i}@example.com`), ip])).toBe(true);
    expect(await allowed([account('fresh@example.com'), ip])).toBe(false);
    // The refused attempt did not count against the fresh address either.
    for (let i = 0; i < ATTEMPT_RULES.passwordAccount.limit; i++) expect(await allowed([account('fresh@example.com')])).toBe(true);
  });

  it('inside a caller’s transaction, a refusal gives back the keys it had counted', async () => {
    const ip: AttemptKey = { rule: 'passwordIp', subject: '198.51.100.4' };
    for (let i = 0; i < ATTEMPT_RULES.passwordIp.limit; i++) await allowed([ip]);
    const refused = await t.store.transaction((tx) => reserveAttempt(tx, KEY, [account('inside@example.com'), ip], T0));
    expect(refused.ok).toBe(false);
    for (let i = 0; i < ATTEMPT_RULES.passwordAccount.limit; i++) expect(await allowed([account('inside@example.com')])).toBe(true);
    expect(await allowed([account('inside@example.com')])).toBe(false);
  });

  it('gives an attempt back, in its own window only, and clears an address after a correct sign-in', async () => {
    const keys = [account('mike@northwind.example')];
    for (let i = 0; i < 5; i++) await allowed(keys);
    await releaseAttempt(t.store.db, KEY, keys, T0);
    expect(await allowed(keys)).toBe(true);
    expect(await allowed(keys)).toBe(false);
    // A release meant for an earlier window takes nothing off the current one.
    await releaseAttempt(t.store.db, KEY, keys, T0 - ATTEMPT_RULES.passwordAccount.windowMs);
    expect(await allowed(keys)).toBe(false);
    await clearAttempts(t.store.db, KEY, keys);
    for (let i = 0; i < 5; i++) expect(await allowed(keys)).toBe(true);
  });

  it('25 concurrent guesses at one account: only the limit is evaluated', async () => {
    const keys = [account('target@northwind.example'), { rule: 'passwordIp' as const, subject: '192.0.2.77' }];
    const results = await Promise.all(Array.from({ length: 25 }, () => reserveAttempt(t.store, KEY, keys, T0)));
    const passed = results.filter((r) => r.ok);
    expect(passed).toHaveLength(ATTEMPT_RULES.passwordAccount.limit);
    // Exactly one of them used the account's last attempt (it writes the lockout audit row).
    expect(passed.filter((r) => r.ok && r.exhausted.length > 0)).toHaveLength(1);
    const rows = await t.store.db.selectFrom('rate_windows').select('used').orderBy('used').execute();
    // The account's window at its limit; the IP counted only the attempts that passed.
    expect(rows.map((r) => Number(r.used))).toEqual([ATTEMPT_RULES.passwordAccount.limit, ATTEMPT_RULES.passwordAccount.limit]);
  });
});

describe('sign-in attempt limits across SQLite connections', () => {
  it('is shared by every connection to the same file: the limit holds across them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clienthub-attempts-'));
    const first = openDatabase(join(dir, 'hub.db'));
    const second = openDatabase(join(dir, 'hub.db'));
    const stores = [openSqliteStore(first), openSqliteStore(second)];
    try {
      const keys = [{ rule: 'linkAccount' as const, subject: 'a@b.example' }];
      // One after another: two handles in one process would block each other's event loop (the
      // processes that really share a file each have their own).
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await reserveAttempt(stores[i % 2]!, KEY, keys, T0));
      expect(results.filter((r) => r.ok)).toHaveLength(ATTEMPT_RULES.linkAccount.limit);
      expect((first.prepare('SELECT used FROM rate_windows').get() as { used: number }).used).toBe(ATTEMPT_RULES.linkAccount.limit);
    } finally {
      for (const store of stores) await store.close();
      first.close();
      second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
