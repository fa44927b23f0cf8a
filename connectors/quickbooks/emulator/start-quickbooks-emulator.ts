/**
 * A local QuickBooks Online company: the v3 accounting endpoints node-quickbooks calls (it
 * builds URLs as base + realm + path, so point QUICKBOOKS_BASE_URL at `<url>/v3/company/`), the
 * OAuth authorize and token endpoints, `intuit_tid` on every answer, Fault bodies for errors,
 * and optional throttling. Used by `npm run demo`, end-to-end tests and benchmarks.
 */
import express from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { listen } from '../../emulator-support/listen.js';
import { everyNthCall } from '../../emulator-support/rate-limit-every.js';
import { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { quickBooksApiRoutes } from './quickbooks-api-routes.js';
import { AUTHORIZE_PATH, QuickBooksTokens, TOKEN_PATH, quickBooksOAuthRoutes, type OAuthApp } from './quickbooks-oauth.js';
import { tempDownloadRoutes } from './attachable-downloads.js';
import { intuitTid, sendFault, sendGatewayFault, sendThrottled } from './quickbooks-faults.js';

export interface QuickBooksEmulatorOptions {
  port?: number;
  store?: QuickBooksEmulatorStore;
  /** Bearer tokens the API accepts besides those it issued; by default any non-empty token. */
  acceptedTokens?: readonly string[];
  /** The app the token endpoint checks Basic credentials against (default: any). */
  oauth?: OAuthApp;
  /** Intuit: 500 a minute per company, 10 a second per company and app. Off unless given. */
  rateLimit?: { perMinute?: number; perSecond?: number };
  /** Every Nth API call answers 429 ThrottleExceeded (a Fault body, no Retry-After); off by default. */
  rateLimitEvery?: number;
}

export interface QuickBooksEmulator {
  url: string;
  /** What node-quickbooks needs as its endpoint (QUICKBOOKS_BASE_URL). */
  apiBase: string;
  tokenUrl: string;
  authorizeUrl: string;
  store: QuickBooksEmulatorStore;
  tokens: QuickBooksTokens;
  requests: { method: string; path: string; query: Record<string, unknown>; authorization?: string; at: number }[];
  /** The next n API requests answer 429 ThrottleExceeded. */
  /** Answers the next `count` API calls (those whose path matches `only`, when given) with ThrottleExceeded. */
  throttleNext(count?: number, only?: RegExp): void;
  close(): Promise<void>;
}

export async function startQuickBooksEmulator(options: QuickBooksEmulatorOptions = {}): Promise<QuickBooksEmulator> {
  const store = options.store ?? new QuickBooksEmulatorStore();
  const tokens = new QuickBooksTokens(options.acceptedTokens);
  const requests: QuickBooksEmulator['requests'] = [];
  let forcedThrottles = 0;
  let throttledPaths: RegExp | null = null;
  const nth = everyNthCall(options.rateLimitEvery);
  const sent: number[] = [];

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    res.set('intuit_tid', intuitTid());
    requests.push({ method: req.method, path: req.path, query: { ...(req.query as Record<string, unknown>) }, authorization: req.get('authorization'), at: Date.now() });
    next();
  });
  app.use(quickBooksOAuthRoutes(tokens, () => store.realmId, options.oauth));

  const guard: RequestHandler = (req, res, next) => {
    const token = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!token) return sendGatewayFault(res, 401, 'Malformed bearer token: too short or too long');
    if (!tokens.isValid(token)) return sendGatewayFault(res, 401, `Token expired: ${token.slice(0, 12)}...`);
    if (req.params.realmId !== store.realmId) return sendGatewayFault(res, 403, null);
    const now = Date.now();
    while (sent.length > 0 && sent[0]! <= now - 60_000) sent.shift();
    const lastSecond = sent.filter((at) => at > now - 1000).length;
    const limit = options.rateLimit;
    if (nth()) return sendThrottled(res, store.timeZone);
    const forced = forcedThrottles > 0 && (!throttledPaths || throttledPaths.test(req.path));
    if (forced || (limit?.perMinute !== undefined && sent.length >= limit.perMinute) || (limit?.perSecond !== undefined && lastSecond >= limit.perSecond)) {
      if (forced) forcedThrottles--;
      return sendThrottled(res, store.timeZone);
    }
    sent.push(now);
    next();
  };
  app.use('/v3/company/:realmId', guard, quickBooksApiRoutes(store));
  // Temporary download URLs are pre-signed storage links: no bearer token, only the signature.
  app.use(tempDownloadRoutes(store));
  app.use((req, res) => sendFault(res, 400, 'ValidationFault', { Message: 'Unsupported Operation', Detail: `Operation Could not find resource for relative : ${req.path} is not supported.`, code: '500' }, store.timeZone));
  app.use(((error: unknown, _req, res, _next) => {
    sendFault(res, 500, 'SystemFault', { Message: 'An application error has occurred while processing your request', Detail: `System Failure Error: ${error instanceof Error ? error.message : String(error)}`, code: '10000' }, store.timeZone);
  }) as ErrorRequestHandler);

  const server = await listen(app, options.port);
  store.downloadBase = server.url;
  return {
    url: server.url,
    apiBase: `${server.url}/v3/company/`,
    tokenUrl: `${server.url}${TOKEN_PATH}`,
    authorizeUrl: `${server.url}${AUTHORIZE_PATH}`,
    store,
    tokens,
    requests,
    throttleNext(count = 1, only) {
      forcedThrottles += count;
      throttledPaths = only ?? null;
    },
    close: server.close,
  };
}
