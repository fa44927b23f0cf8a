import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendHubSpotError } from './hubspot-errors.js';

/** Which bearer tokens the API accepts: a list, a test, or (when absent) any non-empty token. */
export type AcceptedTokens = readonly string[] | ((token: string) => boolean);

export interface IssuedTokens {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export const ACCESS_TOKEN_LIFETIME_SECONDS = 1800;

type TokenState = 'valid' | 'invalid' | 'expired';

/**
 * Tokens handed out by the emulator's OAuth endpoint are always accepted until they expire
 * (on the store's clock) or a test expires them, so refresh flows can be exercised end to end.
 */
export class TokenRegistry {
  private readonly issued = new Map<string, number>();
  private readonly revokedRefreshTokens = new Set<string>();
  /** The scopes each grant holds, by access token and by refresh token (a refresh keeps its grant's). */
  private readonly scopesOf = new Map<string, readonly string[]>();

  constructor(
    private readonly accepted: AcceptedTokens | undefined,
    private readonly now: () => number,
  ) {}

  /** A code exchange (scopes: what the authorize page granted) or a refresh (the refresh token's grant). */
  issue(refreshToken?: string, scopes: readonly string[] = []): IssuedTokens {
    const accessToken = `emulated-access-${randomBytes(12).toString('hex')}`;
    this.issued.set(accessToken, this.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000);
    // HubSpot keeps the refresh token on refresh; only a code exchange mints a new one.
    const refresh = refreshToken ?? `emulated-refresh-${randomBytes(12).toString('hex')}`;
    const granted = refreshToken !== undefined ? (this.scopesOf.get(refreshToken) ?? scopes) : scopes;
    this.scopesOf.set(accessToken, granted);
    this.scopesOf.set(refresh, granted);
    return { token_type: 'bearer', access_token: accessToken, refresh_token: refresh, expires_in: ACCESS_TOKEN_LIFETIME_SECONDS };
  }

  /** GET /oauth/v1/access-tokens/{token}: the grant's metadata, or undefined for a token this emulator did not issue or that expired. */
  describe(accessToken: string): { scopes: readonly string[]; expiresInSeconds: number } | undefined {
    const expiresAt = this.issued.get(accessToken);
    if (expiresAt === undefined || expiresAt <= this.now()) return undefined;
    return { scopes: this.scopesOf.get(accessToken) ?? [], expiresInSeconds: Math.floor((expiresAt - this.now()) / 1000) };
  }

  /** From now on the token is answered with 401 EXPIRED_AUTHENTICATION. */
  expire(accessToken: string): void {
    this.issued.set(accessToken, this.now() - 1);
  }

  revokeRefreshToken(refreshToken: string): void {
    this.revokedRefreshTokens.add(refreshToken);
  }

  isRefreshTokenUsable(refreshToken: string): boolean {
    return refreshToken !== '' && !this.revokedRefreshTokens.has(refreshToken);
  }

  check(token: string): TokenState {
    const expiresAt = this.issued.get(token);
    if (expiresAt !== undefined) return expiresAt > this.now() ? 'valid' : 'expired';
    if (token === '') return 'invalid';
    if (this.accepted === undefined) return 'valid';
    const ok = typeof this.accepted === 'function' ? this.accepted(token) : this.accepted.includes(token);
    return ok ? 'valid' : 'invalid';
  }
}

export function requireBearerToken(registry: TokenRegistry): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const state = match?.[1] ? registry.check(match[1]) : 'invalid';
    if (state === 'valid') return next();
    if (state === 'expired') {
      sendHubSpotError(res, 401, 'The OAuth token used to make this call expired.', 'EXPIRED_AUTHENTICATION');
      return;
    }
    sendHubSpotError(
      res,
      401,
      'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      'INVALID_AUTHENTICATION',
    );
  };
}
