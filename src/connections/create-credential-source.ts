import type { Keyring } from '../crypto/secret-box.js';
import type { AppConfig } from '../config/load-config.js';
import type { OAuthSupport, StoredCredentials } from '../connector-kit/connector.js';
import { AuthError } from '../sync/sync-errors.js';
import type { Queryable } from '../store/store.js';
import { takeRefreshLease } from '../store/connections/take-refresh-lease.js';
import { releaseRefreshLease } from '../store/connections/release-refresh-lease.js';
import { readCredentials, writeCredentials } from './connection-repository.js';

/** Refresh this long before expiry, so a token never expires halfway through a paged pull. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** How long one process may hold the refresh lease before another may try. */
const REFRESH_LEASE_MS = 30_000;

const inFlight = new Map<number, Promise<string>>();

export interface CredentialSource {
  getAccessToken(): Promise<string>;
  refreshAccessToken(): Promise<string>;
}

/**
 * Access tokens for one connection. Refreshing is single-flight: within a process by a
 * shared promise, across processes (and machines) by a lease on the connection's row in the
 * store, so providers whose refresh tokens rotate (one use only) never see two refreshes racing.
 * The credentials are read again once the lease is held: a refresh another process finished
 * between our read and our lease is used, never repeated with the refresh token it spent. A
 * rotated token is written as soon as the provider returns it, whatever became of the lease.
 */
export function createCredentialSource(
  db: Queryable,
  keyring: Keyring,
  config: AppConfig,
  connectionId: number,
  oauth: OAuthSupport | undefined,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): CredentialSource {
  const refreshOnce = async (staleToken: string | undefined): Promise<string> => {
    const existing = inFlight.get(connectionId);
    if (existing) return existing;
    const attempt = (async () => {
      for (let tries = 0; tries < 40; tries++) {
        const seen = await readCredentials(db, keyring, connectionId);
        // Someone else already refreshed while we waited: use theirs.
        if (refreshedSince(seen, staleToken)) return seen.accessToken!;
        if (!oauth || (!seen.refreshToken && !oauth.renewsWithoutRefreshToken?.(seen))) {
          throw new AuthError('The access token is expired or was rejected and there is no refresh token: reconnect the account');
        }
        const now = Date.now();
        const leaseUntil = now + REFRESH_LEASE_MS;
        if (!(await takeRefreshLease(db, connectionId, leaseUntil, now))) {
          await sleep(250);
          continue;
        }
        try {
          // Read under the lease: what another process stored just before we took it is the latest.
          const current = await readCredentials(db, keyring, connectionId);
          if (refreshedSince(current, staleToken)) return current.accessToken!;
          if (!current.refreshToken && !oauth.renewsWithoutRefreshToken?.(current)) {
            throw new AuthError('The access token is expired or was rejected and there is no refresh token: reconnect the account');
          }
          const fresh = await oauth.refresh({ refreshToken: current.refreshToken, credentials: current, config });
          const merged: StoredCredentials = { ...current, ...fresh, refreshToken: fresh.refreshToken ?? current.refreshToken };
          await writeCredentials(db, keyring, connectionId, merged);
          if (!merged.accessToken) throw new AuthError('The token endpoint answered without an access token');
          return merged.accessToken;
        } finally {
          await releaseRefreshLease(db, connectionId, leaseUntil);
        }
      }
      throw new AuthError('Timed out waiting for another process to refresh the access token');
    })();
    inFlight.set(connectionId, attempt);
    try {
      return await attempt;
    } finally {
      inFlight.delete(connectionId);
    }
  };

  // The token this source last handed out: the one a caller was rejected with when it asks for a
  // refresh. The stored token may already be another job's refresh, which must not be repeated.
  let handedOut: string | undefined;
  const handOut = (token: string): string => (handedOut = token);

  return {
    async getAccessToken() {
      const credentials = await readCredentials(db, keyring, connectionId);
      if (credentials.accessToken && !expiresSoon(credentials)) return handOut(credentials.accessToken);
      if (credentials.accessToken && !credentials.refreshToken && !oauth?.renewsWithoutRefreshToken?.(credentials)) return handOut(credentials.accessToken);
      return handOut(await refreshOnce(credentials.accessToken));
    },
    async refreshAccessToken() {
      const rejected = handedOut ?? (await readCredentials(db, keyring, connectionId)).accessToken;
      return handOut(await refreshOnce(rejected));
    },
  };
}

/** The stored token is not the one the caller found stale, and is not about to expire: someone refreshed it. */
function refreshedSince(credentials: StoredCredentials, staleToken: string | undefined): boolean {
  return !!credentials.accessToken && credentials.accessToken !== staleToken && !expiresSoon(credentials);
}

function expiresSoon(credentials: StoredCredentials): boolean {
  return credentials.expiresAt != null && credentials.expiresAt - REFRESH_MARGIN_MS <= Date.now();
}
