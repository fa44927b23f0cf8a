import { describe, expect, it } from 'vitest';
import { argon2id } from '@noble/hashes/argon2.js';
import { randomBytes } from 'node:crypto';
import { checkNewPassword, dummyPasswordHash, HASH_CONCURRENCY, HASH_QUEUE_LIMIT, hashPassword, needsRehash, parsePasswordHash, PASSWORD_PARAMS, PasswordHashBusyError, passwordHashLoad, verifyPassword } from './password-hash.js';

/** Small parameters keep most cases fast; one case runs the real OWASP cost. */
const FAST = { m: 256, t: 1, p: 1 };

describe('password hashing (argon2id)', () => {
  it('stores a PHC string with OWASP parameters and a per-user salt, and verifies it', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    expect(encoded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(PASSWORD_PARAMS).toEqual({ m: 19_456, t: 2, p: 1 });
    expect(await verifyPassword(encoded, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(encoded, 'correct horse battery stapler')).toBe(false);
  });

  it('is real argon2id: the stored hash is RFC 9106 output for the stored salt and parameters', async () => {
    const encoded = await hashPassword('tr0ub4dor&3 and more', FAST);
    const parsed = parsePasswordHash(encoded)!;
    const expected = argon2id('tr0ub4dor&3 and more', parsed.salt, { ...FAST, dkLen: 32 });
    expect(Buffer.from(expected).equals(parsed.hash)).toBe(true);
  });

  it('verifies hashes stored by the earlier pure-JavaScript hasher (@noble/hashes), NFKC-normalised as it did', async () => {
    // Exactly what the previous hashPassword stored: noble argon2id over the NFKC form, PHC without padding.
    const old = (password: string, params: { m: number; t: number; p: number }) => {
      const salt = randomBytes(16);
      const hash = argon2id(password.normalize('NFKC'), salt, { ...params, dkLen: 32 });
      const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/=+$/, '');
      return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${b64(salt)}$${b64(hash)}`;
    };
    const stored = old('Ångström café 2026', PASSWORD_PARAMS);
    expect(await verifyPassword(stored, 'Ångström café 2026')).toBe(true);
    // The decomposed spelling of the same words normalises to the same password.
    expect(await verifyPassword(stored, 'A\u030angstro\u0308m cafe\u0301 2026')).toBe(true);
    expect(await verifyPassword(stored, 'Angstrom cafe 2026')).toBe(false);
    expect(await verifyPassword(old('an older cheaper one', FAST), 'an older cheaper one')).toBe(true);
  });

  it('runs at most a few hashes at once, queues a bounded number, and refuses past that without hashing', async () => {
    const burst = HASH_CONCURRENCY + HASH_QUEUE_LIMIT + 10;
    const settled = Promise.allSettled(Array.from({ length: burst }, () => verifyPassword(dummyPasswordHash(), 'a guess of some length')));
    expect(passwordHashLoad().active).toBeLessThanOrEqual(HASH_CONCURRENCY);
    const results = await settled;
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(10);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(PasswordHashBusyError);
    expect(results.filter((r) => r.status === 'fulfilled' && !r.value)).toHaveLength(HASH_CONCURRENCY + HASH_QUEUE_LIMIT);
    expect(passwordHashLoad()).toEqual({ active: 0, pending: 0 });
  }, 60_000);

  it('salts every hash differently', async () => {
    const a = await hashPassword('same password for both', FAST);
    const b = await hashPassword('same password for both', FAST);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)!.salt.equals(parsePasswordHash(b)!.salt)).toBe(false);
  });

  it('verifies hashes made with older parameters, and says they need re-hashing', async () => {
    const old = await hashPassword('an older hash of mine', FAST);
    expect(await verifyPassword(old, 'an older hash of mine')).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(`$argon2id$v=19$m=19456,t=2,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`)).toBe(false);
    expect(needsRehash('bcrypt-or-garbage')).toBe(true);
  });

  it('never matches an unreadable hash or an over-long password', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
    const encoded = await hashPassword('x'.repeat(128), FAST);
    expect(await verifyPassword(encoded, 'x'.repeat(129))).toBe(false);
  });

  it('asks for length, not composition, and refuses the obvious', () => {
    expect(checkNewPassword('short pass', 'short pass', 'a@b.example')).toBe('too_short');
    expect(checkNewPassword('x'.repeat(129), 'x'.repeat(129), 'a@b.example')).toBe('too_long');
    expect(checkNewPassword('river otter lamp', 'river otter lamb', 'a@b.example')).toBe('mismatch');
    expect(checkNewPassword('nancy.davolio-2026', 'nancy.davolio-2026', 'nancy.davolio@northwind.example')).toBe('contains_email');
    expect(checkNewPassword('Password1234', 'Password1234', 'a@b.example')).toBe('common');
    expect(checkNewPassword('aaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaa', 'a@b.example')).toBe('common');
    expect(checkNewPassword('river otter lamp', 'river otter lamp', 'nancy@northwind.example')).toBeNull();
  });
});
