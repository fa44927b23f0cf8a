import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open-database.js';
import { ATTEMPT_RULES, clearAttempts, releaseAttempt, reserveAttempt, type AttemptKey } from './attempt-limits.js';

const KEY = Buffer.alloc(32, 7);
const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('sign-in attempt limits (SQLite fixed windows)', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  const account = (email: string): AttemptKey => ({ rule: 'passwordAccount', subject: email });
  const allowed = (keys: AttemptKey[], now = T0) => reserveAttempt(db, KEY, keys, now).ok;

  it('reserves up to the limit, says which attempt used it up, then refuses until the window ends', () => {
    const keys = [account('nancy@northwind.example')];
    const { limit, windowMs } = ATTEMPT_RULES.passwordAccount;
    const start = T0 - (T0 % windowMs);
    for (let i = 1; i <= limit; i++) expect(reserveAttempt(db, KEY, keys, start + i)).toEqual({ ok: true, exhausted: i === limit ? keys : [] });
    expect(reserveAttempt(db, KEY, keys, start + 100)).toEqual({ ok: false, retryAfterMs: windowMs - 100 });
    // Refusals are not counted: the next window starts from one.
    expect(reserveAttempt(db, KEY, keys, start + windowMs)).toEqual({ ok: true, exhausted: [] });
  });

  it('counts addresses as typed, case-insensitively and hashed, whether or not an account exists', () => {
    for (let i = 0; i < 5; i++) allowed([account('Nobody@Nowhere.example')]);
    expect(allowed([account('nobody@nowhere.example')])).toBe(false);
    expect(allowed([account('other@nowhere.example')])).toBe(true);
    const keys = (db.prepare('SELECT key FROM rate_windows').all() as { key: string }[]).map((r) => r.key);
    expect(keys.join()).not.toContain('nowhere');
  });

  it('keeps one IP limit across addresses (password spraying), and counts none of the keys when one is used up', () => {
    const ip: AttemptKey = { rule: 'passwordIp', subject: '203.0.113.9' };
    for (let i = 0; i < ATTEMPT_RULES.passwordIp.limit; i++) expect(allowed([account(`user${i}@example.com`), ip])).toBe(true);
    expect(allowed([account('fresh@example.com'), ip])).toBe(false);
    // The refused attempt did not count against the fresh address either.
    for (let i = 0; i < ATTEMPT_RULES.passwordAccount.limit; i++) expect(allowed([account('fresh@example.com')])).toBe(true);
  });

  it('gives an attempt back, in its own window only, and clears an address after a correct sign-in', () => {
    const keys = [account('mike@northwind.example')];
    for (let i = 0; i < 5; i++) allowed(keys);
    releaseAttempt(db, KEY, keys, T0);
    expect(allowed(keys)).toBe(true);
    expect(allowed(keys)).toBe(false);
    // A release meant for an earlier window takes nothing off the current one.
    releaseAttempt(db, KEY, keys, T0 - ATTEMPT_RULES.passwordAccount.windowMs);
    expect(allowed(keys)).toBe(false);
    clearAttempts(db, KEY, keys);
    for (let i = 0; i < 5; i++) expect(allowed(keys)).toBe(true);
  });

  it('is shared by every connection to the same file: the limit holds across them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clienthub-attempts-'));
    const first = openDatabase(join(dir, 'hub.db'));
    const second = openDatabase(join(dir, 'hub.db'));
    try {
      const keys = [{ rule: 'linkAccount' as const, subject: 'a@b.example' }];
      const results = Array.from({ length: 10 }, (_, i) => reserveAttempt(i % 2 ? first : second, KEY, keys, T0).ok);
      expect(results.filter(Boolean)).toHaveLength(ATTEMPT_RULES.linkAccount.limit);
      expect((first.prepare('SELECT used FROM rate_windows').get() as { used: number }).used).toBe(ATTEMPT_RULES.linkAccount.limit);
    } finally {
      first.close();
      second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
