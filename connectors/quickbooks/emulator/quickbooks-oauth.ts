/**
 * Intuit's OAuth 2 endpoints: the authorize page (answers at once with a redirect carrying
 * code, state and the company's realmId) and the bearer token endpoint (authorization_code and
 * refresh_token grants, client credentials in Basic auth, refresh tokens that rotate: the one
 * used stops working).
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import { clientCredentials, EmulatedOAuthTokens } from '../../emulator-support/oauth-tokens.js';

export const TOKEN_PATH = '/oauth2/v1/tokens/bearer';
export const AUTHORIZE_PATH = '/connect/oauth2';
const ACCESS_TTL_S = 3600;
const REFRESH_TTL_S = 8_726_400;

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
}

/** Intuit's token formats: hour-long access tokens, refresh tokens good for about 100 days. */
export class QuickBooksTokens extends EmulatedOAuthTokens {
  constructor(accepted?: readonly string[]) {
    super(
      {
        accessTtlSeconds: ACCESS_TTL_S,
        refreshTtlSeconds: REFRESH_TTL_S,
        accessToken: () => `eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..${randomBytes(32).toString('base64url')}`,
        refreshToken: () => `RT1-${randomBytes(4).toString('hex')}-H0-${Math.floor(Date.now() / 1000) + REFRESH_TTL_S}${randomBytes(10).toString('hex')}`,
        code: () => `AB11${randomBytes(24).toString('base64url')}`,
      },
      accepted,
    );
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
    const body = req.body as Record<string, string | undefined>;
    const { clientId: id, clientSecret: secret } = clientCredentials(req.get('authorization'), body);
    if (!id || (app && (id !== app.clientId || secret !== app.clientSecret))) {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    tokens.recordGrant(String(body.grant_type));
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
    const issued = tokens.issue();
    res.set('Cache-Control', 'no-store').json({ token_type: 'bearer', access_token: issued.accessToken, refresh_token: issued.refreshToken, expires_in: issued.expiresIn, x_refresh_token_expires_in: issued.refreshExpiresIn });
  });
  return router;
}
