/**
 * The hub's one OAuth 2 client: authorize URL (state, scopes, PKCE S256), code exchange, refresh
 * and RFC 7009 revocation, for every provider that connects with OAuth. A provider declares its
 * endpoints, how its token endpoint authenticates the app, and small hooks for what it adds
 * (connectors/<provider>/oauth.ts); the protocol lives here once.
 *
 * Built on oauth4webapi rather than openid-client (both by panva, both ESM on fetch and WebCrypto,
 * so both run on Node 20): openid-client v6 is a layer over oauth4webapi (plus jose) organised
 * around discovery and OpenID Connect sign-in. The hub's providers are configured endpoint by
 * endpoint (emulators, sandboxes, My Domain hosts), four of the five are not OpenID providers, and
 * the hub takes identity from provider APIs, so that layer would add a dependency and a hand-built
 * Configuration for nothing. oauth4webapi has no dependencies and exposes exactly the steps used.
 */
import * as oauth from 'oauth4webapi';
import type { AppConfig } from '../config/load-config.js';
import type { OAuthSupport, StoredCredentials } from './connector.js';
import type { ProviderSettings } from './define-settings.js';
import { AuthError, ProviderError } from '../sync/sync-errors.js';
import { timeoutText } from '../sync/call-provider.js';
import { describeOAuthFailure } from './describe-oauth-failure.js';

export type TokenResponse = oauth.TokenEndpointResponse;
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface OAuthEndpoints {
  authorize: string;
  token: string;
  /** The RFC 7009 revocation endpoint; absent where the provider has none (or its SDK revokes). */
  revocation?: string;
}

interface AppKeys {
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

export interface OAuthClientDeclaration<S extends AppKeys> {
  /** The connector's settings: the app's clientId/clientSecret, and the variables errors name. */
  settings: ProviderSettings<S>;
  endpoints(settings: S): OAuthEndpoints;
  /** How the token endpoint authenticates the app, as the provider documents it. */
  tokenAuth: 'client_secret_basic' | 'client_secret_post';
  /** The revocation endpoint's, where it differs (Salesforce's takes the token alone). */
  revocationAuth?: ClientAuthentication;
  /** The provider supports PKCE: the authorize URL carries an S256 challenge, the exchange its verifier. */
  pkce?: boolean;
  /** The scope parameter; none when absent (the app's configured scopes apply). */
  scope?(settings: S): string;
  /** Further authorize-page parameters the provider documents (HubSpot's optional_scope); empty values are left out. */
  authorizeParams?(settings: S): Record<string, string>;
  /** False where the authorize page documents no response_type (HubSpot's). */
  responseType?: false;
  /** Which token revocation sends: the refresh token only (default), or the access token when there is none. */
  revokes?: 'refresh' | 'refresh-or-access';
  /** Access-token lifetime to assume when the answer has no expires_in (Salesforce's). */
  assumedLifetimeMs?: number;
  /** Credentials beyond access, refresh and expiry (QuickBooks' refresh-token lifetime). */
  credentials?(tokens: TokenResponse): Partial<StoredCredentials>;
  /** Connection settings the grant decides: from the answer (Salesforce's instance), the callback (QuickBooks' realm), or the provider's API with the new token. */
  connect?(input: { tokens: TokenResponse; callbackParams: Record<string, string>; config: AppConfig; settings: S }): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/**
 * HTTP Basic as Intuit and Xero document it, base64(id:secret). oauth4webapi's ClientSecretBasic
 * form-encodes both first (RFC 6749 §2.3.1), which turns a secret's - or _ into %2D/%5F that
 * these servers do not decode (panva/oauth4webapi#148, #199).
 */
const basic =
  (secret: string): oauth.ClientAuth =>
  (_as, client, _body, headers) => {
    headers.set('authorization', `Basic ${Buffer.from(`${client.client_id}:${secret}`).toString('base64')}`);
  };

function clientAuth(method: ClientAuthentication, secret: string): oauth.ClientAuth {
  if (method === 'client_secret_basic') return basic(secret);
  return method === 'client_secret_post' ? oauth.ClientSecretPost(secret) : oauth.None();
}

/**
 * The hub is an OAuth client, not an OpenID relying party: it learns who and what was granted from
 * the provider's API (Xero's /connections, Asana's users/me, Salesforce's identity URL). An ID token
 * a provider adds anyway (Xero, for its openid scope) is dropped unread, rather than have its claims
 * checked without its signature and a connect fail on a claim the hub never uses.
 */
async function fetchIgnoringIdToken(url: string, init: oauth.CustomFetchOptions<'POST', URLSearchParams>): Promise<Response> {
  const answer = await fetch(url, init);
  if (answer.status !== 200) return answer;
  const body: unknown = await answer.clone().json().catch(() => undefined);
  if (!body || typeof body !== 'object' || !('id_token' in body)) return answer;
  const { id_token: _unused, ...rest } = body as Record<string, unknown>;
  return Response.json(rest, { status: answer.status });
}

function requestOptions(config: AppConfig, endpoint: string) {
  return {
    // Every provider call has a timeout: CLIENTHUB_PROVIDER_TIMEOUT_MS, like the SDK calls.
    ...(config.providerTimeoutMs > 0 ? { signal: () => AbortSignal.timeout(config.providerTimeoutMs) } : {}),
    [oauth.customFetch]: fetchIgnoringIdToken,
    // oauth4webapi refuses plain http; an endpoint configured as http:// is an emulator or a test, so only that one is let through.
    [oauth.allowInsecureRequests]: new URL(endpoint).protocol === 'http:',
  };
}

export function createOAuthClient<S extends AppKeys>(declaration: OAuthClientDeclaration<S>): OAuthSupport {
  const name = declaration.settings.displayName;
  const variable = (key: string) => declaration.settings.variables.find((v) => v.key === key)?.env ?? key;

  function app(config: AppConfig) {
    const settings = declaration.settings.read(config);
    const { clientId, clientSecret } = settings;
    if (!clientId || !clientSecret) throw new AuthError(`${variable('clientId')} and ${variable('clientSecret')} are needed for OAuth`);
    const endpoints = declaration.endpoints(settings);
    // No discovery: the endpoints are configured. The issuer only names the server to oauth4webapi (no ID tokens are read).
    const as: oauth.AuthorizationServer = { issuer: new URL(endpoints.token).origin, token_endpoint: endpoints.token, ...(endpoints.revocation ? { revocation_endpoint: endpoints.revocation } : {}) };
    return { settings, endpoints, as, client: { client_id: clientId } as oauth.Client, secret: clientSecret };
  }

  /** Runs one request, turning oauth4webapi's failures into AuthError/ProviderError with the provider's words. */
  async function request<T>(config: AppConfig, kind: 'token request' | 'revocation', work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (caught) {
      throw await describeOAuthFailure(name, kind, caught, config.providerTimeoutMs);
    }
  }

  function toCredentials(tokens: TokenResponse): StoredCredentials {
    const lifetimeMs = tokens.expires_in !== undefined ? tokens.expires_in * 1000 : declaration.assumedLifetimeMs;
    return {
      accessToken: tokens.access_token,
      // Absent when the provider keeps the refresh token (Asana, HubSpot may): the stored one stays.
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      ...(lifetimeMs !== undefined ? { expiresAt: Date.now() + lifetimeMs } : {}),
      ...declaration.credentials?.(tokens),
    };
  }

  return {
    pkce: declaration.pkce ?? false,
    authorizeUrl({ state, redirectUri, config, pkce }) {
      const { settings, endpoints, client } = app(config);
      const url = new URL(endpoints.authorize);
      if (declaration.responseType !== false) url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', client.client_id);
      url.searchParams.set('redirect_uri', redirectUri);
      if (declaration.scope) url.searchParams.set('scope', declaration.scope(settings));
      for (const [name, value] of Object.entries(declaration.authorizeParams?.(settings) ?? {})) if (value !== '') url.searchParams.set(name, value);
      url.searchParams.set('state', state);
      if (declaration.pkce && pkce) {
        url.searchParams.set('code_challenge', pkce.challenge);
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.toString();
    },
    async exchangeCode({ code, redirectUri, config, callbackParams = {}, pkce }) {
      const { settings, endpoints, as, client, secret } = app(config);
      const tokens = await request(config, 'token request', async () => {
        // The hub has checked the state already (signed, single use): only the code goes through.
        const callback = oauth.validateAuthResponse(as, client, new URLSearchParams({ code }), oauth.skipStateCheck);
        const verifier = declaration.pkce && pkce ? pkce.verifier : oauth.nopkce;
        const answer = await oauth.authorizationCodeGrantRequest(as, client, clientAuth(declaration.tokenAuth, secret), callback, redirectUri, verifier, requestOptions(config, endpoints.token));
        return oauth.processAuthorizationCodeResponse(as, client, answer);
      });
      const connected = await declaration.connect?.({ tokens, callbackParams, config, settings });
      return { ...toCredentials(tokens), ...(connected ? { settings: connected } : {}) };
    },
    async refresh({ refreshToken, config }) {
      if (!refreshToken) throw new AuthError(`No ${name} refresh token is stored: reconnect ${name}`);
      const { endpoints, as, client, secret } = app(config);
      const tokens = await request(config, 'token request', async () => {
        const answer = await oauth.refreshTokenGrantRequest(as, client, clientAuth(declaration.tokenAuth, secret), refreshToken, requestOptions(config, endpoints.token));
        return oauth.processRefreshTokenResponse(as, client, answer);
      });
      return toCredentials(tokens);
    },
    async revoke({ credentials, config }) {
      const token = declaration.revokes === 'refresh-or-access' ? (credentials.refreshToken ?? credentials.accessToken) : credentials.refreshToken;
      if (!token) return;
      const { endpoints, as, client, secret } = app(config);
      const revocation = endpoints.revocation;
      if (!revocation) return;
      await request(config, 'revocation', async () => {
        const answer = await oauth.revocationRequest(as, client, clientAuth(declaration.revocationAuth ?? declaration.tokenAuth, secret), token, requestOptions(config, revocation));
        await oauth.processRevocationResponse(answer);
      });
    },
  };
}

/**
 * An OAuth-time call the provider's SDK makes outside any sync (HubSpot's refresh-token DELETE where it
 * has no RFC 7009 endpoint, its token metadata read at connect), under the same provider timeout as
 * the client's own requests; `what` names the call in the timeout's message.
 */
export async function sdkOAuthCall<T>(provider: string, config: AppConfig, what: string, call: () => Promise<T>): Promise<T> {
  const timeoutMs = config.providerTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    if (timeoutMs > 0) timer = setTimeout(() => reject(new ProviderError(`${timeoutText(provider, timeoutMs)} (${what})`, true)), timeoutMs);
  });
  try {
    return await Promise.race([call(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A revocation through the provider's SDK (see sdkOAuthCall). */
export async function sdkRevocation(provider: string, config: AppConfig, revoke: () => Promise<unknown>): Promise<void> {
  await sdkOAuthCall(provider, config, 'OAuth revocation', revoke);
}
