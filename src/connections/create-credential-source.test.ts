import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { saveConnection, readCredentials } from './connection-repository.js';
import { createCredentialSource } from './create-credential-source.js';
import type { OAuthSupport } from '../connector-kit/connector.js';
import { findConnectionCredentials } from '../store/connections/find-connection-credentials.js';
import { takeRefreshLease } from '../store/connections/take-refresh-lease.js';
import { releaseRefreshLease } from '../store/connections/release-refresh-lease.js';
import { updateConnectionCredentials } from '../store/connections/update-connection-credentials.js';

describe('credential source', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '' });
  });
  afterEach(async () => {
    await app.dispose();
  });

  function oauthWith(refresh: OAuthSupport['refresh']): OAuthSupport {
    return { authorizeUrl: () => '', exchangeCode: async () => ({}), refresh };
  }

  it('refreshes a token about to expire exactly once when several callers race, and seals the result', async () => {
    const connection = await saveConnection(app.store.db, app.keyring, {
      workspaceId: app.workspaceId,
      provider: 'hubspot',
      label: 'oauth',
      authType: 'oauth',
      credentials: { accessToken: 'old', refreshToken: 'r1', expiresAt: Date.now() + 60_000 },
      settings: {},
    });
    let calls = 0;
    const refresh = vi.fn(async ({ refreshToken }: { refreshToken: string | undefined }) => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return { accessToken: `new-from-${refreshToken}`, refreshToken: 'r2', expiresAt: Date.now() + 1800_000 };
    });
    const sources = [1, 2, 3].map(() => createCredentialSource(app.store.db, app.keyring, app.config, connection.id, oauthWith(refresh)));
    const tokens = await Promise.all(sources.map((s) => s.getAccessToken()));
    expect(tokens).toEqual(['new-from-r1', 'new-from-r1', 'new-from-r1']);
    expect(calls).toBe(1);
    expect(await readCredentials(app.store.db, app.keyring, connection.id)).toMatchObject({ accessToken: 'new-from-r1', refreshToken: 'r2' });
    const stored = { credentials_sealed: await findConnectionCredentials(app.store.db, connection.id) };
    expect(stored.credentials_sealed).not.toContain('new-from-r1');
  });

  it('waits for another process holding the refresh lease and uses the token it stored', async () => {
    const connection = await saveConnection(app.store.db, app.keyring, {
      workspaceId: app.workspaceId,
      provider: 'hubspot',
      label: 'oauth',
      authType: 'oauth',
      credentials: { accessToken: 'old', refreshToken: 'r1', expiresAt: Date.now() - 1 },
      settings: {},
    });
    const theirLease = Date.now() + 10_000;
    await takeRefreshLease(app.store.db, connection.id, theirLease);
    const refresh = vi.fn();
    let slept = 0;
    const source = createCredentialSource(app.store.db, app.keyring, app.config, connection.id, oauthWith(refresh), async () => {
      // The other process finishes its refresh while we wait.
      if (++slept === 2) {
        const sealed = app.keyring.seal(JSON.stringify({ accessToken: 'theirs', refreshToken: 'r2', expiresAt: Date.now() + 1800_000 }));
        await updateConnectionCredentials(app.store.db, connection.id, sealed);
        await releaseRefreshLease(app.store.db, connection.id, theirLease);
      }
    });
    expect(await source.getAccessToken()).toBe('theirs');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('says to reconnect when a token is rejected and there is no way to refresh it', async () => {
    const connection = await saveConnection(app.store.db, app.keyring, {
      workspaceId: app.workspaceId,
      provider: 'hubspot',
      label: 'env',
      authType: 'token',
      credentials: { accessToken: 'pat' },
      settings: {},
    });
    const source = createCredentialSource(app.store.db, app.keyring, app.config, connection.id, undefined);
    expect(await source.getAccessToken()).toBe('pat');
    await expect(source.refreshAccessToken()).rejects.toThrow(/reconnect the account/);
  });
});
