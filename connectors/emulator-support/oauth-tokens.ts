/**
 * The OAuth bookkeeping every emulated provider shares: authorization codes (single use, bound to
 * their redirect URI), access tokens (valid until they expire or a test expires them), and refresh
 * tokens that rotate by default (the one used stops working). Unknown tokens are taken as pre-issued ones
 * (configured by environment) unless a fixed list is given.
 */
import { randomBytes } from 'node:crypto';

export interface TokenFormats {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  accessToken(): string;
  refreshToken(): string;
  code?(): string;
  /** Default true. Asana keeps one refresh token for the life of the grant: false. */
  rotateRefreshTokens?: boolean;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
}

export class EmulatedOAuthTokens {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, number>();
  private readonly retired = new Set<string>();
  private readonly expired = new Set<string>();
  private readonly codes = new Map<string, { redirectUri: string; clientId: string }>();
  /** Every grant served, in order, for assertions. */
  readonly grants: { grantType: string; at: number }[] = [];

  constructor(
    private readonly formats: TokenFormats,
    private readonly accepted?: readonly string[],
  ) {}

  isValid(token: string): boolean {
    if (!token || this.expired.has(token)) return false;
    const expiresAt = this.access.get(token);
    if (expiresAt !== undefined) return expiresAt > Date.now();
    return this.accepted ? this.accepted.includes(token) : true;
  }

  /** From now on the API refuses this access token, as after its lifetime. */
  expire(token: string): void {
    this.expired.add(token);
  }

  issueCode(redirectUri: string, clientId: string): string {
    const code = this.formats.code?.() ?? randomBytes(24).toString('base64url');
    this.codes.set(code, { redirectUri, clientId });
    return code;
  }

  /** True once per code, and only with the redirect URI it was issued for. */
  takeCode(code: string, redirectUri: string | undefined): boolean {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant !== undefined && grant.redirectUri === redirectUri;
  }

  takeRefreshToken(token: string): boolean {
    if (!token || this.retired.has(token)) return false;
    const expiresAt = this.refresh.get(token);
    if (expiresAt !== undefined && expiresAt < Date.now()) return false;
    if (this.formats.rotateRefreshTokens === false) return true;
    this.refresh.delete(token);
    this.retired.add(token);
    return true;
  }

  /** Revokes a refresh token (the user disconnected the app). */
  revoke(token: string): void {
    this.refresh.delete(token);
    this.retired.add(token);
  }

  /** A new access token alone (providers that do not rotate refresh tokens answer a refresh with this). */
  issueAccessToken(): { accessToken: string; expiresIn: number } {
    const accessToken = this.formats.accessToken();
    this.access.set(accessToken, Date.now() + this.formats.accessTtlSeconds * 1000);
    return { accessToken, expiresIn: this.formats.accessTtlSeconds };
  }

  recordGrant(grantType: string): void {
    this.grants.push({ grantType, at: Date.now() });
  }

  issue(): IssuedTokens {
    const accessToken = this.formats.accessToken();
    const refreshToken = this.formats.refreshToken();
    this.access.set(accessToken, Date.now() + this.formats.accessTtlSeconds * 1000);
    this.refresh.set(refreshToken, Date.now() + this.formats.refreshTtlSeconds * 1000);
    return { accessToken, refreshToken, expiresIn: this.formats.accessTtlSeconds, refreshExpiresIn: this.formats.refreshTtlSeconds };
  }
}

/** client_id:client_secret from HTTP Basic, or from the form body (both are allowed by RFC 6749). */
export function clientCredentials(authorization: string | undefined, body: Record<string, string | undefined>): { clientId?: string; clientSecret?: string } {
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const [clientId, clientSecret] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
    return { clientId, clientSecret };
  }
  return { clientId: body.client_id, clientSecret: body.client_secret };
}
