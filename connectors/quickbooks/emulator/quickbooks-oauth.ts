/**
 * Intuit's OAuth 2 endpoints: the authorize page (answers at once with a redirect carrying
 * code, state and the company's realmId) and the bearer token endpoint (authorization_code and
 * refresh_token grants, client credentials in Basic auth, refresh tokens that rotate: the one
 * used stops working).
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';

export const TOKEN_PATH = '/oauth2/v1/tokens/bearer';
export const AUTHORIZE_PATH = '/connect/oauth2';
const ACCESS_TTL_S = 3600;
const REFRESH_TTL_S = 8_726_400;

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
}

/** Access tokens the API accepts: issued here (until they expire), or pre-issued ones unless expired. */
export class QuickBooksTokens {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, number>();
  private readonly retired = new Set<string>();
  private readonly expired = new Set<string>();
  private readonly codes = new Map<string, { redirectUri: string; clientId: string }>();
  /** Every grant the token endpoint served, for assertions. */
  readonly grants: { grantType: string; at: number }[] = [];

  constructor(private readonly accepted?: readonly string[]) {}

  isValid(token: string): boolean {
    if (!token || this.expired.has(token)) return false;
    const issued = this.access.get(token);
    if (issued !== undefined) return issued > Date.now();
    return this.accepted ? this.accepted.includes(token) : true;
  }

  /** From now on the API answers 401 for this token, as after its hour is up. */
  expire(token: string): void {
    this.expired.add(token);
  }

  issueCode(redirectUri: string, clientId: string): string {
    const code = `AB11${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, { redirectUri, clientId });
    return code;
  }

  takeCode(code: string, redirectUri: string | undefined): boolean {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant !== undefined && grant.redirectUri === redirectUri;
  }

  /** A refresh token works once: unknown ones are taken as pre-issued (configured by environment), used ones are refused. */
  takeRefreshToken(token: string): boolean {
    if (!token || this.retired.has(token)) return false;
    const expiresAt = this.refresh.get(token);
    if (expiresAt !== undefined && expiresAt < Date.now()) return false;
    this.refresh.delete(token);
    this.retired.add(token);
    return true;
  }

  issue(): { token_type: 'bearer'; access_token: string; refresh_token: string; expires_in: number; x_refresh_token_expires_in: number } {
    const accessToken = `eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..${randomBytes(32).toString('base64url')}`;
    const refreshToken = `RT1-${randomBytes(4).toString('hex')}-H0-${Math.floor(Date.now() / 1000) + REFRESH_TTL_S}${randomBytes(10).toString('hex')}`;
    this.access.set(accessToken, Date.now() + ACCESS_TTL_S * 1000);
    this.refresh.set(refreshToken, Date.now() + REFRESH_TTL_S * 1000);
    return { token_type: 'bearer', access_token: accessToken, refresh_token: refreshToken, expires_in: ACCESS_TTL_S, x_refresh_token_expires_in: REFRESH_TTL_S };
  }
}

export function quickBooksOAuthRoutes(tokens: QuickBooksTokens, realmId: () => string, app?: OAuthApp): Router {
  const router = express.Router();
  router.get(AUTHORIZE_PATH, (req, res) => {
    const { client_id: clientId, redirect_uri: redirectUri, state, response_type: responseType } = req.query as Record<string, string | undefined>;
    if (!clientId || !redirectUri || responseType !== 'code' || (app && app.clientId !== clientId)) {
      res.status(400).type('text/plain').send('invalid_request: client_id, redirect_uri and response_type=code are required');
      return;
    }
    const target = new URL(redirectUri);
    target.searchParams.set('code', tokens.issueCode(redirectUri, clientId));
    if (state) target.searchParams.set('state', state);
    target.searchParams.set('realmId', realmId());
    res.redirect(302, target.toString());
  });
  router.post(TOKEN_PATH, express.urlencoded({ extended: false }), (req, res) => {
    const [id, secret] = Buffer.from((req.get('authorization') ?? '').replace(/^Basic /i, ''), 'base64').toString('utf8').split(':');
    if (!id || (app && (id !== app.clientId || secret !== app.clientSecret))) {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    const body = req.body as Record<string, string | undefined>;
    tokens.grants.push({ grantType: String(body.grant_type), at: Date.now() });
    if (body.grant_type === 'authorization_code') {
      if (!body.code || !tokens.takeCode(body.code, body.redirect_uri)) {
        res.status(400).json({ error: 'invalid_grant' });
        return;
      }
    } else if (body.grant_type === 'refresh_token') {
      if (!tokens.takeRefreshToken(body.refresh_token ?? '')) {
        res.status(400).json({ error: 'invalid_grant' });
        return;
      }
    } else {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    res.set('Cache-Control', 'no-store').json(tokens.issue());
  });
  return router;
}
