/**
 * Asana's OAuth endpoints (app.asana.com/-/oauth_authorize and /-/oauth_token). Access tokens last
 * an hour; the refresh token from the code exchange stays valid (Asana does not rotate it), and a
 * refresh answers a new access token only. Both answers carry the user in `data`.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import { clientCredentials, EmulatedOAuthTokens } from '../../emulator-support/oauth-tokens.js';
import type { AsanaEmulatorStore } from './asana-emulator-store.js';

export interface AsanaApp {
  clientId: string;
  clientSecret: string;
}

export class AsanaTokens extends EmulatedOAuthTokens {
  constructor(accepted?: readonly string[]) {
    super(
      {
        accessTtlSeconds: 3600,
        refreshTtlSeconds: 10 * 365 * 86_400,
        rotateRefreshTokens: false,
        accessToken: () => `2/${randomBytes(8).readBigUInt64BE().toString().slice(0, 16)}/${randomBytes(8).readBigUInt64BE().toString().slice(0, 16)}:${randomBytes(16).toString('hex')}`,
        refreshToken: () => `2/${randomBytes(8).readBigUInt64BE().toString().slice(0, 16)}/${randomBytes(8).readBigUInt64BE().toString().slice(0, 16)}:${randomBytes(16).toString('hex')}`,
      },
      accepted,
    );
  }
}

export function asanaOAuthRoutes(store: AsanaEmulatorStore, tokens: AsanaTokens, app?: AsanaApp): Router {
  const router = express.Router();
  const user = () => ({ id: Number(store.me.gid), gid: store.me.gid, name: store.me.name, email: store.me.email });
  router.get('/-/oauth_authorize', (req, res) => {
    const { client_id: clientId, redirect_uri: redirectUri, response_type: responseType, state } = req.query as Record<string, string | undefined>;
    if (!clientId || !redirectUri || responseType !== 'code' || (app && app.clientId !== clientId)) {
      res.status(400).type('text/plain').send('invalid_request');
      return;
    }
    const target = new URL(redirectUri);
    target.searchParams.set('code', tokens.issueCode(redirectUri, clientId));
    if (state) target.searchParams.set('state', state);
    res.redirect(302, target.toString());
  });
  router.post('/-/oauth_token', express.urlencoded({ extended: false }), (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const { clientId, clientSecret } = clientCredentials(req.get('authorization'), body);
    if (!clientId || (app && (clientId !== app.clientId || clientSecret !== app.clientSecret))) {
      res.status(401).json({ error: 'invalid_client', error_description: 'The client credentials are invalid.' });
      return;
    }
    tokens.recordGrant(String(body.grant_type));
    if (body.grant_type === 'authorization_code') {
      if (!body.code || !tokens.takeCode(body.code, body.redirect_uri)) {
        res.status(400).json({ error: 'invalid_grant', error_description: 'The authorization code is invalid or expired.' });
        return;
      }
      const issued = tokens.issue();
      res.json({ access_token: issued.accessToken, expires_in: issued.expiresIn, token_type: 'bearer', data: user(), refresh_token: issued.refreshToken });
      return;
    }
    if (body.grant_type === 'refresh_token') {
      if (!tokens.takeRefreshToken(body.refresh_token ?? '')) {
        res.status(400).json({ error: 'invalid_grant', error_description: 'The refresh token is invalid or revoked.' });
        return;
      }
      const issued = tokens.issueAccessToken();
      res.json({ access_token: issued.accessToken, expires_in: issued.expiresIn, token_type: 'bearer', data: user() });
      return;
    }
    res.status(400).json({ error: 'unsupported_grant_type', error_description: 'grant_type must be authorization_code or refresh_token.' });
  });
  return router;
}
