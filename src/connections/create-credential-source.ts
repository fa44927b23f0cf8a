import type { Db } from '../db/open-database.js';
import type { Keyring } from '../crypto/secret-box.js';
import type { AppConfig } from '../config/load-config.js';
import type { OAuthSupport, StoredCredentials } from '../connector-kit/connector.js';
import { AuthError } from '../sync/sync-errors.js';
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
 * shared promise, across processes by a lease row in SQLite, so providers whose refresh
 * tokens rotate (one use only) never see two refreshes racing.
 */
export function createCredentialSource(
  db: Db,
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
        const current = readCredentials(db, keyring, connectionId);
        // Someone else already refreshed while we waited: use theirs.
        if (current.accessToken && current.accessToken !== staleToken && !expiresSoon(current)) return current.accessToken;
        if (!oauth || (!current.refreshToken && !oauth.renewsWithoutRefreshToken?.(current))) {
          throw new AuthError('The access token is expired or was rejected and there is no refresh token: reconnect the account');
        }
        const now = Date.now();
        const leased = db
          .prepare(
            `UPDATE connections SET refresh_lock_until = ? WHERE id = ? AND (refresh_lock_until IS NULL OR refresh_lock_until < ?)`,
          )
          .run(now + REFRESH_LEASE_MS, connectionId, now).changes;
        if (leased === 0) {
          await sleep(250);
          continue;
        }
        try {
          const fresh = await oauth.refresh({ refreshToken: current.refreshToken, credentials: current, config });
          const merged: StoredCredentials = { ...current, ...fresh, refreshToken: fresh.refreshToken ?? current.refreshToken };
          writeCredentials(db, keyring, connectionId, merged);
          if (!merged.accessToken) throw new AuthError('The token endpoint answered without an access token');
          return merged.accessToken;
        } finally {
          db.prepare('UPDATE connections SET refresh_lock_until = NULL WHERE id = ?').run(connectionId);
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

  return {
    async getAccessToken() {
      const credentials = readCredentials(db, keyring, connectionId);
      if (credentials.accessToken && !expiresSoon(credentials)) return credentials.accessToken;
      if (credentials.accessToken && !credentials.refreshToken && !oauth?.renewsWithoutRefreshToken?.(credentials)) return credentials.accessToken;
      return refreshOnce(credentials.accessToken);
    },
    refreshAccessToken() {
      return refreshOnce(readCredentials(db, keyring, connectionId).accessToken);
    },
  };
}

function expiresSoon(credentials: StoredCredentials): boolean {
  return credentials.expiresAt != null && credentials.expiresAt - REFRESH_MARGIN_MS <= Date.now();
}
