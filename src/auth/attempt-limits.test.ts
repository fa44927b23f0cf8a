import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open-database.js';
import { ATTEMPT_RULES, clearAttempts, countAttempt, lockedFor, type AttemptKey } from './attempt-limits.js';

const KEY = Buffer.alloc(32, 7);
const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('sign-in attempt limits (SQLite fixed windows)', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  const account = (email: string): AttemptKey => ({ rule: 'passwordAccount', subject: email });

  it('locks an address after its limit, until the window ends, and says so only on the attempt that used it up', () => {
    const keys = [account('nancy@northwind.example')];
    const { limit, windowMs } = ATTEMPT_RULES.passwordAccount;
    const start = T0 - (T0 % windowMs);
    for (let i = 1; i <= limit; i++) {
      expect(lockedFor(db, KEY, keys, start + i)).toBe(0);
      expect(countAttempt(db, KEY, keys, start + i)).toEqual(i === limit ? keys : []);
    }
    expect(lockedFor(db, KEY, keys, start + 100)).toBe(windowMs - 100);
    expect(lockedFor(db, KEY, keys, start + windowMs)).toBe(0);
  });

  it('counts addresses as typed, case-insensitively and hashed, whether or not an account exists', () => {
    for (let i = 0; i < 5; i++) countAttempt(db, KEY, [account('Nobody@Nowhere.example')], T0);
    expect(lockedFor(db, KEY, [account('nobody@nowhere.example')], T0)).toBeGreaterThan(0);
    expect(lockedFor(db, KEY, [account('other@nowhere.example')], T0)).toBe(0);
    const keys = (db.prepare('SELECT key FROM rate_windows').all() as { key: string }[]).map((r) => r.key);
    expect(keys.join()).not.toContain('nowhere');
  });

  it('keeps one IP limit across addresses (password spraying)', () => {
    const ip: AttemptKey = { rule: 'passwordIp', subject: '203.0.113.9' };
    for (let i = 0; i < ATTEMPT_RULES.passwordIp.limit; i++) countAttempt(db, KEY, [account(`user${i}@example.com`), ip], T0);
    expect(lockedFor(db, KEY, [account('fresh@example.com'), ip], T0)).toBeGreaterThan(0);
    expect(lockedFor(db, KEY, [account('fresh@example.com')], T0)).toBe(0);
  });

  it('clears an address after a correct sign-in', () => {
    const keys = [account('mike@northwind.example')];
    for (let i = 0; i < 4; i++) countAttempt(db, KEY, keys, T0);
    clearAttempts(db, KEY, keys);
    for (let i = 0; i < 4; i++) countAttempt(db, KEY, keys, T0);
    expect(lockedFor(db, KEY, keys, T0)).toBe(0);
  });

  it('is shared by every connection to the same file', () => {
    const other = db;
    countAttempt(db, KEY, [{ rule: 'linkAccount', subject: 'a@b.example' }], T0);
    countAttempt(other, KEY, [{ rule: 'linkAccount', subject: 'a@b.example' }], T0);
    countAttempt(db, KEY, [{ rule: 'linkAccount', subject: 'a@b.example' }], T0);
    expect(lockedFor(other, KEY, [{ rule: 'linkAccount', subject: 'a@b.example' }], T0)).toBeGreaterThan(0);
  });
});
