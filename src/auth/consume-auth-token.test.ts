import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consumeAuthToken } from './consume-auth-token.js';
import { createAuthToken, TOKEN_LIFETIME_MS } from './create-auth-token.js';
import { createPortalTestApp, seedPortalClient, type PortalTestApp, type SeededClient } from '../../tests/support/seed-portal.js';
import { sqlAll, sqlGet, sqlRun } from '../../tests/support/sql.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('consumeAuthToken', () => {
  let test: PortalTestApp;
  let seeded: SeededClient;
  const key = () => test.app.keyring.signingKey;
  const userStatus = async () => (await sqlGet(test.app, 'SELECT status FROM portal_users WHERE id = ?', seeded.userId) as { status: string }).status;
  const usedAt = async (tokenId: number) => (await sqlGet(test.app, 'SELECT used_at FROM auth_tokens WHERE id = ?', tokenId) as { used_at: number | null }).used_at;

  beforeEach(async () => {
    test = await createPortalTestApp();
    seeded = await seedPortalClient(test.app, { name: 'Northwind Traders', user: { email: 'nancy@northwind.example', name: 'Nancy Davolio' } }, T0);
  });
  afterEach(() => test.dispose());

  it('works once, and the invitation activates the user', async () => {
    expect(await userStatus()).toBe('invited');
    const first = await consumeAuthToken(test.app.store.db, key(), seeded.invitationToken, T0 + 1000);
    expect(first).toEqual({ ok: true, userId: seeded.userId, clientId: seeded.clientId, workspaceId: test.app.workspaceId, purpose: 'invitation', activated: true });
    expect(await userStatus()).toBe('active');
    expect(await consumeAuthToken(test.app.store.db, key(), seeded.invitationToken, T0 + 2000)).toMatchObject({ ok: false, reason: 'used', userId: seeded.userId });
  });

  it('stores only a keyed hash of the token', async () => {
    const rows = await sqlAll(test.app, 'SELECT token_hash FROM auth_tokens') as { token_hash: string }[];
    expect(rows.map((r) => r.token_hash)).not.toContain(seeded.invitationToken);
  });

  it('refuses an expired token', async () => {
    expect(await consumeAuthToken(test.app.store.db, key(), seeded.invitationToken, T0 + TOKEN_LIFETIME_MS.invitation)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await usedAt(1)).toBeNull();
  });

  it('refuses a token revoked by a newer one, and accepts the newer one', async () => {
    const newer = await createAuthToken(test.app.store.db, key(), seeded.userId, 'invitation', T0 + 500);
    expect(await consumeAuthToken(test.app.store.db, key(), seeded.invitationToken, T0 + 1000)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await consumeAuthToken(test.app.store.db, key(), newer, T0 + 1000)).toMatchObject({ ok: true });
  });

  it('refuses unknown and malformed tokens without telling them apart from the outside', async () => {
    expect(await consumeAuthToken(test.app.store.db, key(), 'A'.repeat(43), T0)).toEqual({ ok: false, reason: 'unknown', userId: null, clientId: null, workspaceId: null });
    expect(await consumeAuthToken(test.app.store.db, key(), '', T0)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await consumeAuthToken(test.app.store.db, key(), 'x'.repeat(5000), T0)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses a disabled user and leaves the token unused', async () => {
    await sqlRun(test.app, `UPDATE portal_users SET status = 'disabled' WHERE id = ?`, seeded.userId);
    expect(await consumeAuthToken(test.app.store.db, key(), seeded.invitationToken, T0 + 1000)).toMatchObject({ ok: false, reason: 'user_disabled' });
    expect(await userStatus()).toBe('disabled');
    expect(await usedAt(1)).toBeNull();
  });

  it('refuses a user of an off-boarded client', async () => {
    await sqlRun(test.app, `UPDATE clients SET status = 'offboarded' WHERE id = ?`, seeded.clientId);
    expect(await consumeAuthToken(test.app.store.db, key(), seeded.invitationToken, T0 + 1000)).toMatchObject({ ok: false, reason: 'client_offboarded' });
  });

  it('signs in an active user with a sign-in link without changing their status', async () => {
    await consumeAuthToken(test.app.store.db, key(), seeded.invitationToken, T0 + 1000);
    const link = await createAuthToken(test.app.store.db, key(), seeded.userId, 'sign_in', T0 + 2000);
    expect(await consumeAuthToken(test.app.store.db, key(), link, T0 + 3000)).toMatchObject({ ok: true, purpose: 'sign_in', activated: false });
    expect(await consumeAuthToken(test.app.store.db, key(), link, T0 + TOKEN_LIFETIME_MS.sign_in + 4000)).toMatchObject({ ok: false, reason: 'used' });
  });
});
