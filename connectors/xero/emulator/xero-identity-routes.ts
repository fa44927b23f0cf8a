/**
 * Xero's identity server (login.xero.com/identity/connect/authorize, identity.xero.com/connect/token)
 * and api.xero.com/connections, the list of organisations a token was granted. Access tokens last
 * 30 minutes; refresh tokens rotate on every use and expire unused after 60 days.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import { clientCredentials, EmulatedOAuthTokens } from '../../emulator-support/oauth-tokens.js';

export interface XeroApp {
  clientId: string;
  clientSecret: string;
}

export interface XeroTenant {
  tenantId: string;
  tenantName: string;
  tenantType: 'ORGANISATION' | 'PRACTICEMANAGER' | 'PRACTICE';
}

export class XeroTokens extends EmulatedOAuthTokens {
  constructor(accepted?: readonly string[]) {
    super(
      {
        accessTtlSeconds: 1800,
        refreshTtlSeconds: 60 * 86_400,
        // Real access tokens are RS256 JWTs; clients treat them as opaque.
        accessToken: () => `eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2NzI2RkQwMjYxNTgxNTcwRUZDMTkiLCJ0eXAiOiJKV1QifQ.${randomBytes(48).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
        refreshToken: () => randomBytes(32).toString('hex'),
      },
      accepted,
    );
  }
}

export function xeroIdentityRoutes(tokens: XeroTokens, tenants: () => readonly XeroTenant[], app?: XeroApp): Router {
  const router = express.Router();
  const connectedAt = new Date().toISOString().slice(0, 19) + '.0000000';
  const authEventId = randomUUID();

  router.get('/connect/authorize', (req, res) => {
    const { client_id: clientId, redirect_uri: redirectUri, state, response_type: responseType, scope } = req.query as Record<string, string | undefined>;
    if (!clientId || !redirectUri || responseType !== 'code' || (app && app.clientId !== clientId)) {
      res.status(400).type('text/plain').send('unauthorized_client');
      return;
    }
    const target = new URL(redirectUri);
    target.searchParams.set('code', tokens.issueCode(redirectUri, clientId));
    if (scope) target.searchParams.set('scope', scope);
    if (state) target.searchParams.set('state', state);
    target.searchParams.set('session_state', randomBytes(16).toString('base64url'));
    res.redirect(302, target.toString());
  });

  router.post('/connect/token', express.urlencoded({ extended: false }), (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const { clientId, clientSecret } = clientCredentials(req.get('authorization'), body);
    if (!clientId || (app && (clientId !== app.clientId || clientSecret !== app.clientSecret))) {
      res.status(400).json({ error: 'invalid_client' });
      return;
    }
    tokens.recordGrant(String(body.grant_type));
    const ok =
      body.grant_type === 'authorization_code' ? Boolean(body.code) && tokens.takeCode(body.code!, body.redirect_uri) : body.grant_type === 'refresh_token' ? tokens.takeRefreshToken(body.refresh_token ?? '') : null;
    if (ok === null) {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    if (!ok) {
      res.status(400).json({ error: 'invalid_grant' });
      return;
    }
    const issued = tokens.issue();
    res.set('Cache-Control', 'no-store').json({
      id_token: `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: randomUUID(), aud: clientId, iss: 'https://identity.xero.com' })).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
      access_token: issued.accessToken,
      expires_in: issued.expiresIn,
      token_type: 'Bearer',
      refresh_token: issued.refreshToken,
      scope: 'openid profile email offline_access accounting.transactions.read accounting.contacts.read',
    });
  });

  router.get('/connections', (req, res) => {
    const token = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!tokens.isValid(token)) {
      res.status(401).json({ Type: null, Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired: token expired', Instance: randomUUID(), Extensions: {} });
      return;
    }
    res.json(tenants().map((tenant) => ({ id: randomUUID(), authEventId, tenantId: tenant.tenantId, tenantType: tenant.tenantType, tenantName: tenant.tenantName, createdDateUtc: connectedAt, updatedDateUtc: connectedAt })));
  });
  return router;
}
