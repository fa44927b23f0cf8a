import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { openDatabase, type Db } from '../../db/open-database.js';
import { createKeyring } from '../../crypto/secret-box.js';
import { confirmTotpEnrolment, hasTwoFactor, pendingTotpEnrolment, removeTwoFactor, startTotpEnrolment, verifyTotpCode } from './totp.js';
import { countUnusedRecoveryCodes, issueRecoveryCodes, useRecoveryCode } from './recovery-codes.js';

const keyring = createKeyring('k'.repeat(48));
const T0 = Date.parse('2026-11-20T10:00:05Z');
const account = { issuer: 'Brightside Agency', label: 'nancy@northwind.example' };
const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

describe('TOTP two-factor', () => {
  let db: Db;
  let userId: number;
  beforeEach(() => {
    db = openDatabase(':memory:');
    db.prepare(`INSERT INTO workspaces (slug, name, created_at) VALUES ('w', 'W', 0)`).run();
    db.prepare(`INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (1, 'C', 0, 0)`).run();
    userId = (db.prepare(`INSERT INTO portal_users (workspace_id, client_id, email, name, status, created_at) VALUES (1, 1, 'n@x.example', 'N', 'active', 0) RETURNING id`).get() as { id: number }).id;
  });
  afterEach(() => db.close());

  it('enrols with a 160-bit secret sealed at rest and an otpauth URI, on only after a correct first code', () => {
    const { secret, uri } = startTotpEnrolment(db, keyring, userId, account, T0)!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(`otpauth://totp/Brightside%20Agency:nancy%40northwind.example?secret=${secret}&issuer=Brightside%20Agency`);
    const stored = db.prepare('SELECT secret_sealed AS s FROM portal_user_totp').get() as { s: string };
    expect(stored.s).toMatch(/^v1:/);
    expect(stored.s).not.toContain(secret);
    expect(hasTwoFactor(db, userId)).toBe(false);
    expect(pendingTotpEnrolment(db, keyring, userId, account)?.secret).toBe(secret);
    // A confirmed code is refused while enrolling, and the pending secret is refused for sign-in.
    expect(verifyTotpCode(db, keyring, userId, codeAt(secret, T0), T0)).toBe(false);
    expect(verifyTotpCode(db, keyring, userId, '000000', T0, { pending: true })).toBe(false);
    expect(verifyTotpCode(db, keyring, userId, codeAt(secret, T0), T0, { pending: true })).toBe(true);
    confirmTotpEnrolment(db, userId, T0);
    expect(hasTwoFactor(db, userId)).toBe(true);
    expect(startTotpEnrolment(db, keyring, userId, account, T0)).toBeNull();
  });

  it('accepts the neighbouring 30-second steps, never the same step twice, never an older one', () => {
    const { secret } = startTotpEnrolment(db, keyring, userId, account, T0)!;
    confirmTotpEnrolment(db, userId, T0);
    expect(verifyTotpCode(db, keyring, userId, codeAt(secret, T0 - 30_000), T0)).toBe(true);
    expect(verifyTotpCode(db, keyring, userId, codeAt(secret, T0 - 30_000), T0)).toBe(false);
    expect(verifyTotpCode(db, keyring, userId, codeAt(secret, T0), T0)).toBe(true);
    expect(verifyTotpCode(db, keyring, userId, codeAt(secret, T0), T0 + 1000)).toBe(false);
    expect(verifyTotpCode(db, keyring, userId, codeAt(secret, T0 + 30_000), T0)).toBe(true);
    expect(verifyTotpCode(db, keyring, userId, codeAt(secret, T0 + 120_000), T0 + 1000)).toBe(false);
    expect(verifyTotpCode(db, keyring, userId, 'abcdef', T0)).toBe(false);
  });

  it('issues ten single-use recovery codes, stored only hashed, typed in any case or spacing', () => {
    const codes = issueRecoveryCodes(db, keyring.signingKey, userId, T0);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    const stored = (db.prepare('SELECT code_hash AS h FROM recovery_codes').all() as { h: string }[]).map((r) => r.h).join();
    expect(stored).not.toContain(codes[0]!.replace('-', ''));
    expect(useRecoveryCode(db, keyring.signingKey, userId, ` ${codes[3]!.toLowerCase().replace('-', ' ')} `, T0)).toBe(true);
    expect(useRecoveryCode(db, keyring.signingKey, userId, codes[3]!, T0)).toBe(false);
    expect(useRecoveryCode(db, keyring.signingKey, userId, 'AAAAA-AAAAA', T0)).toBe(false);
    expect(countUnusedRecoveryCodes(db, userId)).toBe(9);
    const fresh = issueRecoveryCodes(db, keyring.signingKey, userId, T0);
    expect(useRecoveryCode(db, keyring.signingKey, userId, codes[4]!, T0)).toBe(false);
    expect(useRecoveryCode(db, keyring.signingKey, userId, fresh[0]!, T0)).toBe(true);
  });

  it('turning it off forgets the secret and the recovery codes', () => {
    startTotpEnrolment(db, keyring, userId, account, T0);
    confirmTotpEnrolment(db, userId, T0);
    issueRecoveryCodes(db, keyring.signingKey, userId, T0);
    removeTwoFactor(db, userId);
    expect(hasTwoFactor(db, userId)).toBe(false);
    expect(countUnusedRecoveryCodes(db, userId)).toBe(0);
  });
});
