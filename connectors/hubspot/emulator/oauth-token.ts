import { randomBytes, randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Response } from 'express';
import type { TokenRegistry } from './emulator-auth.js';
import { asObject, asString } from './request-values.js';

export interface OAuthAppOptions {
  /** When set, the token endpoint checks them; otherwise any non-empty client id/secret is accepted. */
  clientId?: string;
  clientSecret?: string;
  /**
   * The scopes the emulated account's tier has (default: ACCOUNT_SCOPES, every scope the hub uses).
   * A required `scope` outside them refuses the install; an `optional_scope` outside them is skipped.
   */
  accountScopes?: readonly string[];
}

/** An account with every scope the hub asks for (a Professional-tier account, say). */
export const ACCOUNT_SCOPES: readonly string[] = [
  'oauth',
  'crm.objects.companies.read',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'crm.objects.quotes.read',
  'tickets',
  'sales-email-read',
  'files',
];

/** The emulated account (the store's portal id) and app, as the token metadata names them. */
export interface OAuthAccount {
  hubId: number;
  hubDomain: string;
  appId: number;
  userId: number;
  user: string;
}

const scopeList = (value: string | undefined) => (value ?? '').split(/[\s+]+/).filter(Boolean);

/** OAuth errors have their own shape at HubSpot: the reason is in `status`, not `category`. */
function sendOAuthError(res: Response, status: string, message: string): void {
  res.status(400).json({ status, message, correlationId: randomUUID() });
}

/**
 * POST /oauth/v1/token (authorization_code and refresh_token grants, form-encoded like the SDK
 * sends) and GET /oauth/authorize, which skips the consent screen and redirects straight back
 * with a code, for local OAuth demos.
 */
export function oauthRoutes(registry: TokenRegistry, app: OAuthAppOptions = {}, account: OAuthAccount = { hubId: 12_345_678, hubDomain: 'emulated.hubspot.test', appId: 1_000_001, userId: 2_000_001, user: 'owner@emulated.hubspot.test' }): Router {
  const router = Router();
  const accountScopes = app.accountScopes ?? ACCOUNT_SCOPES;
  // Codes handed out by /oauth/authorize, with the redirect URI they were issued for and the scopes granted; single use.
  const issuedCodes = new Map<string, { redirectUri: string; scopes: string[] }>();
  const redeemedCodes = new Set<string>();

  router.get('/oauth/authorize', (req, res) => {
    const redirectUri = asString(req.query.redirect_uri);
    const clientId = asString(req.query.client_id);
    if (!redirectUri || !URL.canParse(redirectUri)) return sendOAuthError(res, 'BAD_REDIRECT_URI', 'missing or invalid redirect_uri');
    if (!clientId || (app.clientId !== undefined && clientId !== app.clientId)) return sendOAuthError(res, 'BAD_CLIENT_ID', 'missing or unknown client id');
    // Required scopes the account lacks stop the install (HubSpot shows the user an error); optional ones are simply not granted.
    const required = scopeList(asString(req.query.scope));
    const lacking = required.filter((scope) => !accountScopes.includes(scope));
    if (lacking.length > 0) return sendOAuthError(res, 'BAD_SCOPES', `This account does not have access to the required scopes: ${lacking.join(', ')}`);
    const optional = scopeList(asString(req.query.optional_scope)).filter((scope) => accountScopes.includes(scope));
    const code = `emulated-code-${randomBytes(12).toString('hex')}`;
    issuedCodes.set(code, { redirectUri, scopes: [...new Set([...required, ...optional])] });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = asString(req.query.state);
    if (state !== undefined) target.searchParams.set('state', state);
    res.redirect(302, target.toString());
  });

  router.post('/oauth/v1/token', (req, res) => {
    const form = asObject(req.body) ?? {};
    const field = (name: string) => asString(form[name]) ?? '';
    const grantType = field('grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return sendOAuthError(res, 'BAD_GRANT_TYPE', 'grant_type must be authorization_code or refresh_token');
    const clientId = field('client_id');
    if (!clientId || (app.clientId !== undefined && clientId !== app.clientId)) return sendOAuthError(res, 'BAD_CLIENT_ID', 'missing or unknown client id');
    const clientSecret = field('client_secret');
    if (!clientSecret || (app.clientSecret !== undefined && clientSecret !== app.clientSecret)) return sendOAuthError(res, 'BAD_CLIENT_SECRET', 'missing or invalid client secret');

    if (grantType === 'refresh_token') {
      const refreshToken = field('refresh_token');
      if (!registry.isRefreshTokenUsable(refreshToken)) return sendOAuthError(res, 'BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
      return res.json(registry.issue(refreshToken));
    }

    const code = field('code');
    const redirectUri = field('redirect_uri');
    if (!code || redeemedCodes.has(code)) return sendOAuthError(res, 'BAD_AUTH_CODE', 'missing or unknown auth code');
    if (!redirectUri) return sendOAuthError(res, 'BAD_REDIRECT_URI', 'missing redirect_uri');
    // Codes this emulator issued must come back with their redirect URI; others are taken on trust,
    // so tests can exchange any code without going through /oauth/authorize.
    const issuedFor = issuedCodes.get(code);
    if (issuedFor !== undefined && issuedFor.redirectUri !== redirectUri) return sendOAuthError(res, 'BAD_REDIRECT_URI', 'redirect_uri does not match the one the code was issued for');
    redeemedCodes.add(code);
    issuedCodes.delete(code);
    // A code taken on trust grants what the account has.
    res.json(registry.issue(undefined, issuedFor?.scopes ?? accountScopes));
  });

  // The token's metadata, as the SDK's accessTokensApi.get reads it; public like HubSpot's (the token is the credential).
  router.get('/oauth/v1/access-tokens/:token', (req, res) => {
    const grant = registry.describe(req.params.token);
    if (!grant) return res.status(404).json({ status: 'error', message: 'Token not found or expired', correlationId: randomUUID(), category: 'OBJECT_NOT_FOUND' });
    res.json({
      token: req.params.token,
      user: account.user,
      hub_domain: account.hubDomain,
      scopes: grant.scopes,
      hub_id: account.hubId,
      app_id: account.appId,
      expires_in: grant.expiresInSeconds,
      user_id: account.userId,
      token_type: 'access',
    });
  });

  return router;
}
