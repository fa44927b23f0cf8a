import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { createKeyring } from '../../crypto/secret-box.js';
import { confirmTotpEnrolment, hasTwoFactor, pendingTotpEnrolment, removeTwoFactor, startTotpEnrolment, verifyTotpCode } from './totp.js';
import { countUnusedRecoveryCodes, issueRecoveryCodes, useRecoveryCode } from './recovery-codes.js';

const keyring = createKeyring('k'.repeat(48));
const T0 = Date.parse('2026-11-20T10:00:05Z');
const account = { issuer: 'Brightside Agency', label: 'nancy@northwind.example' };
const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

describe.each(STORE_ENGINES)('TOTP two-factor on %s', (engine) => {
  let t: TestStore;
  let userId: number;
  let n = 0;
  beforeAll(async () => {
    t = await openTestStore(engine);
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  beforeEach(async () => {
    n += 1;
    const ws = await t.store.db.insertInto('workspaces').values({ slug: `w${n}`, name: 'W', created_at: 0 }).returning('id').executeTakeFirstOrThrow();
    const client = await t.store.db.insertInto('clients').values({ workspace_id: ws.id, name: 'C', created_at: 0, updated_at: 0 }).returning('id').executeTakeFirstOrThrow();
    userId = (await t.store.db.insertInto('portal_users').values({ workspace_id: ws.id, client_id: client.id, email: 'n@x.example', name: 'N', status: 'active', created_at: 0 }).returning('id').executeTakeFirstOrThrow()).id;
  });

  it('enrols with a 160-bit secret sealed at rest and an otpauth URI, on only after a correct first code', async () => {
    const { secret, uri } = (await startTotpEnrolment(t.store.db, keyring, userId, account, T0))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(`otpauth://totp/Brightside%20Agency:nancy%40northwind.example?secret=${secret}&issuer=Brightside%20Agency`);
    const stored = await t.store.db.selectFrom('portal_user_totp').select('secret_sealed as s').where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(stored.s).toMatch(/^v1:/);
    expect(stored.s).not.toContain(secret);
    expect(await hasTwoFactor(t.store.db, userId)).toBe(false);
    expect((await pendingTotpEnrolment(t.store.db, keyring, userId, account))?.secret).toBe(secret);
    // A confirmed code is refused while enrolling, and the pending secret is refused for sign-in.
    expect(await verifyTotpCode(t.store.db, keyring, userId, codeAt(secret, T0), T0)).toBe(false);
    expect(await verifyTotpCode(t.store.db, keyring, userId, '000000', T0, { pending: true })).toBe(false);
    expect(await verifyTotpCode(t.store.db, keyring, userId, codeAt(secret, T0), T0, { pending: true })).toBe(true);
    await confirmTotpEnrolment(t.store.db, userId, T0);
    expect(await hasTwoFactor(t.store.db, userId)).toBe(true);
    expect(await startTotpEnrolment(t.store.db, keyring, userId, account, T0)).toBeNull();
  });

  it('accepts the neighbouring 30-second steps, never the same step twice, never an older one', async () => {
    const { secret } = (await startTotpEnrolment(t.store.db, keyring, userId, account, T0))!;
    await confirmTotpEnrolment(t.store.db, userId, T0);
    expect(await verifyTotpCode(t.store.db, keyring, userId, codeAt(secret, T0 - 30_000), T0)).toBe(true);
    expect(await verifyTotpCode(t.store.db, keyring, userId, codeAt(secret, T0 - 30_000), T0)).toBe(false);
    expect(await verifyTotpCode(t.store.db, keyring, userId, codeAt(secret, T0), T0)).toBe(true);
    expect(await verifyTotpCode(t.store.db, keyring, userId, codeAt(secret, T0), T0 + 1000)).toBe(false);
    expect(await verifyTotpCode(t.store.db, keyring, userId, codeAt(secret, T0 + 30_000), T0)).toBe(true);
    expect(await verifyTotpCode(t.store.db, keyring, userId, codeAt(secret, T0 + 120_000), T0 + 1000)).toBe(false);
    expect(await verifyTotpCode(t.store.db, keyring, userId, 'abcdef', T0)).toBe(false);
  });

  it('issues ten single-use recovery codes, stored only hashed, typed in any case or spacing', async () => {
    const codes = await issueRecoveryCodes(t.store.db, keyring.signingKey, userId, T0);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    const stored = (await t.store.db.selectFrom('recovery_codes').select('code_hash as h').where('user_id', '=', userId).execute()).map((r) => r.h).join();
    expect(stored).not.toContain(codes[0]!.replace('-', ''));
    expect(await useRecoveryCode(t.store.db, keyring.signingKey, userId, ` ${codes[3]!.toLowerCase().replace('-', ' ')} `, T0)).toBe(true);
    expect(await useRecoveryCode(t.store.db, keyring.signingKey, userId, codes[3]!, T0)).toBe(false);
    expect(await useRecoveryCode(t.store.db, keyring.signingKey, userId, 'AAAAA-AAAAA', T0)).toBe(false);
    expect(await countUnusedRecoveryCodes(t.store.db, userId)).toBe(9);
    const fresh = await issueRecoveryCodes(t.store.db, keyring.signingKey, userId, T0);
    expect(await useRecoveryCode(t.store.db, keyring.signingKey, userId, codes[4]!, T0)).toBe(false);
    expect(await useRecoveryCode(t.store.db, keyring.signingKey, userId, fresh[0]!, T0)).toBe(true);
  });

  it('turning it off forgets the secret and the recovery codes', async () => {
    await startTotpEnrolment(t.store.db, keyring, userId, account, T0);
    await confirmTotpEnrolment(t.store.db, userId, T0);
    await issueRecoveryCodes(t.store.db, keyring.signingKey, userId, T0);
    await removeTwoFactor(t.store.db, userId);
    expect(await hasTwoFactor(t.store.db, userId)).toBe(false);
    expect(await countUnusedRecoveryCodes(t.store.db, userId)).toBe(0);
  });
});
