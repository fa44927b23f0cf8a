/**
 * A local Asana: the API under /api/1.0 (set `ApiClient.instance.basePath = <url>/api/1.0`, or
 * ASANA_BASE_URL), OAuth at /-/oauth_authorize and /-/oauth_token, Asana's `{ errors: [...] }`
 * bodies, 412 sync-token answers on /events, webhooks that handshake with their target, and 429
 * with Retry-After when asked to throttle.
 */
import express from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { listen } from '../../emulator-support/listen.js';
import { everyNthCall } from '../../emulator-support/rate-limit-every.js';
import { AsanaEmulatorStore } from './asana-emulator-store.js';
import { asanaApiRoutes } from './asana-api-routes.js';
import { asanaEventsRoutes, SyncTokens } from './asana-events-routes.js';
import { AsanaWebhooks } from './asana-webhooks.js';
import { AsanaTokens, asanaOAuthRoutes, type AsanaApp } from './asana-oauth-routes.js';
import { AsanaError } from './asana-views.js';
import { asanaFileRoutes, asanaStoryAndAttachmentRoutes } from './asana-stories-and-attachments.js';
import { SlidingWindow } from '../../emulator-support/sliding-window.js';

export interface AsanaEmulatorOptions {
  port?: number;
  store?: AsanaEmulatorStore;
  /** Personal access tokens accepted besides OAuth-issued ones; by default any non-empty token. */
  acceptedTokens?: readonly string[];
  oauth?: AsanaApp;
  syncTokenTtlMs?: number;
  /** Every Nth API call answers 429 with Retry-After (`rateLimitRetryAfterSeconds`, default 1); off by default. */
  rateLimitEvery?: number;
  rateLimitRetryAfterSeconds?: number;
  /**
   * The workspace's plan: `paid` (the default) has the search API; `free` answers it 402 Payment
   * Required, as Asana does.
   */
  tier?: 'free' | 'paid';
  /**
   * Enforces Asana's documented limits per token: 150 requests a minute (free) or 1 500 (paid), and
   * 60 a minute for search, with 429 and Retry-After; refused requests still count, as Asana says.
   * Off by default so tests that do not pace stay quick.
   */
  documentedLimits?: boolean;
}

/** Asana's documented per-token limits (developers.asana.com/docs/rate-limits). */
export const ASANA_LIMITS = { free: 150, paid: 1_500, search: 60, windowMs: 60_000 } as const;

export interface AsanaEmulator {
  url: string;
  /** What the SDK needs as its basePath (ASANA_BASE_URL). */
  apiBase: string;
  store: AsanaEmulatorStore;
  tokens: AsanaTokens;
  syncTokens: SyncTokens;
  webhooks: AsanaWebhooks;
  /** Every request received, with the status it was answered (set once the answer is sent). */
  requests: { method: string; path: string; query: Record<string, unknown>; at: number; status?: number }[];
  /** The next n API requests answer 429 with Retry-After. */
  throttleNext(count?: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

const HELP = 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors';

export async function startAsanaEmulator(options: AsanaEmulatorOptions = {}): Promise<AsanaEmulator> {
  const store = options.store ?? new AsanaEmulatorStore();
  const tokens = new AsanaTokens(options.acceptedTokens);
  const syncTokens = new SyncTokens(options.syncTokenTtlMs);
  const webhooks = new AsanaWebhooks(store);
  const requests: AsanaEmulator['requests'] = [];
  let throttle = { count: 0, retryAfter: 30 };
  const nth = everyNthCall(options.rateLimitEvery);
  const tier = options.tier ?? 'paid';
  const standard = new SlidingWindow(ASANA_LIMITS[tier], ASANA_LIMITS.windowMs, true);
  const search = new SlidingWindow(ASANA_LIMITS.search, ASANA_LIMITS.windowMs, true);

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const logged: AsanaEmulator['requests'][number] = { method: req.method, path: req.path, query: { ...(req.query as Record<string, unknown>) }, at: Date.now() };
    requests.push(logged);
    res.once('finish', () => (logged.status = res.statusCode));
    next();
  });
  app.use(asanaOAuthRoutes(store, tokens, options.oauth));

  const guard: RequestHandler = (req, res, next) => {
    const token = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!tokens.isValid(token)) return void res.status(401).json({ errors: [{ message: 'Not Authorized', help: HELP }] });
    const everyNth = nth();
    let retryAfter: number | null = everyNth ? (options.rateLimitRetryAfterSeconds ?? 1) : throttle.count > 0 ? throttle.retryAfter : null;
    if (!everyNth && throttle.count > 0) throttle.count--;
    if (retryAfter === null && options.documentedLimits) {
      const isSearch = /\/tasks\/search\/?$/.test(req.path);
      const verdicts = [standard.take(token), ...(isSearch ? [search.take(token)] : [])];
      const waits = verdicts.flatMap((verdict) => (verdict.ok ? [] : [verdict.waitMs]));
      if (waits.length) retryAfter = Math.ceil(Math.max(...waits) / 1000);
    }
    if (retryAfter !== null) {
      res.set('Retry-After', String(retryAfter));
      return void res.status(429).json({ errors: [{ message: "You've made too many requests and hit a rate limit. Please retry after the given amount of time.", help: HELP }] });
    }
    next();
  };
  let base = '';
  app.use(asanaFileRoutes(store));
  app.use('/api/1.0', guard, asanaEventsRoutes(store, syncTokens), webhooks.routes(), asanaApiRoutes(store, { search: tier === 'paid' }), asanaStoryAndAttachmentRoutes(store, () => base));
  app.use((req, res) => void res.status(404).json({ errors: [{ message: `No matching route for request: ${req.method} ${req.path}`, help: HELP }] }));
  app.use(((error: unknown, _req, res, _next) => {
    if (error instanceof AsanaError) return void res.status(error.status).json({ errors: [{ message: error.message, help: HELP }] });
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) return void res.status(400).json({ errors: [{ message: `Could not parse request data, invalid JSON: ${(error as Error).message}`, help: HELP }] });
    res.status(500).json({ errors: [{ message: 'Server Error', phrase: `${error instanceof Error ? error.message : String(error)}`, help: HELP }] });
  }) as ErrorRequestHandler);

  const server = await listen(app, options.port);
  base = server.url;
  return {
    url: server.url,
    apiBase: `${server.url}/api/1.0`,
    store,
    tokens,
    syncTokens,
    webhooks,
    requests,
    throttleNext(count = 1, retryAfterSeconds = 30) {
      throttle = { count, retryAfter: retryAfterSeconds };
    },
    close: server.close,
  };
}
