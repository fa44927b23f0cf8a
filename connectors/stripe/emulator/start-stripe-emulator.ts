/**
 * A local Stripe: /v1 with Stripe's list, expand and error conventions, secret-key auth, the
 * request-id and Stripe-Version headers, an optional rate limit, and the hosted invoice page and
 * PDF its invoices link to. The stripe SDK runs against it with `{ host, port, protocol: 'http' }`
 * (STRIPE_BASE_URL = url).
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { listen } from '../../emulator-support/listen.js';
import { everyNthCall } from '../../emulator-support/rate-limit-every.js';
import { API_VERSION, PLACEHOLDER_URL, StripeEmulatorStore } from './stripe-emulator-store.js';
import { stripeApiRoutes } from './stripe-api-routes.js';
import { hostedInvoiceRoutes } from './hosted-invoice-routes.js';
import { StripeRequestError } from './list-objects.js';

export interface StripeEmulatorOptions {
  port?: number;
  store?: StripeEmulatorStore;
  /** Secret keys accepted; by default any sk_test_/rk_test_ key. */
  apiKeys?: readonly string[];
  /** Requests per second before 429 rate_limit (Stripe: 25 in test mode, 100 live). Off unless given. */
  perSecond?: number;
  /** Every Nth API call answers 429 rate_limit; off by default. */
  rateLimitEvery?: number;
}

export interface StripeEmulator {
  url: string;
  /** What `new Stripe(key, sdkOptions)` needs to reach the emulator. */
  sdkOptions: { host: string; port: number; protocol: 'http' };
  store: StripeEmulatorStore;
  requests: { method: string; path: string; query: Record<string, unknown>; body: unknown; stripeVersion?: string; stripeAccount?: string; at: number }[];
  /** The next n API requests answer 429 rate_limit. */
  throttleNext(count?: number): void;
  close(): Promise<void>;
}

function sendError(res: Response, status: number, error: { type: string; message: string; code?: string; param?: string }): void {
  const requestId = String(res.getHeader('request-id') ?? '');
  res.status(status).json({
    error: {
      ...(error.code ? { code: error.code, doc_url: `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, '-')}` } : {}),
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}?t=${Math.floor(Date.now() / 1000)}`,
      type: error.type,
    },
  });
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const store = options.store ?? new StripeEmulatorStore();
  const requests: StripeEmulator['requests'] = [];
  let throttled = 0;
  const nth = everyNthCall(options.rateLimitEvery);
  const recent: number[] = [];
  let publicUrl = '';

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  // Hosted pages and PDFs were written under a placeholder base (the store may be seeded before the port is known).
  app.use((_req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => json(JSON.parse(JSON.stringify(body).replaceAll(PLACEHOLDER_URL, publicUrl)));
    next();
  });
  app.use(hostedInvoiceRoutes(store));

  const guard: RequestHandler = (req, res, next) => {
    res.set({ 'request-id': `req_${randomBytes(7).toString('hex')}`, 'stripe-version': req.get('stripe-version') ?? API_VERSION });
    const header = req.get('authorization') ?? '';
    const key = header.startsWith('Bearer ') ? header.slice(7) : header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0]! : '';
    if (!key) return sendError(res, 401, { type: 'invalid_request_error', message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')." });
    const accepted = options.apiKeys ? options.apiKeys.includes(key) : /^(sk|rk)_test_\w+$/.test(key);
    if (!accepted) return sendError(res, 401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(key.length - 12, 0))}${key.slice(-4)}` });
    const now = Date.now();
    while (recent.length > 0 && recent[0]! <= now - 1000) recent.shift();
    if (nth() || throttled > 0 || (options.perSecond !== undefined && recent.length >= options.perSecond)) {
      if (throttled > 0) throttled--;
      return sendError(res, 429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' });
    }
    recent.push(now);
    if (req.method === 'POST' && req.get('idempotency-key')) res.set('idempotency-key', req.get('idempotency-key'));
    next();
  };
  app.use('/v1', guard, express.urlencoded({ extended: true }), (req, _res, next) => {
    requests.push({ method: req.method, path: req.path, query: { ...(req.query as Record<string, unknown>) }, body: req.body, stripeVersion: req.get('stripe-version'), stripeAccount: req.get('stripe-account'), at: Date.now() });
    next();
  }, stripeApiRoutes(store));
  app.use((req, res) => sendError(res, 404, { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` }));
  app.use(((error: unknown, _req, res, _next) => {
    if (error instanceof StripeRequestError) return sendError(res, error.status, error.body);
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendError(res, 400, { type: 'invalid_request_error', message: `Invalid request: ${(error as Error).message}` });
    sendError(res, 500, { type: 'api_error', message: `An unknown error occurred in the Stripe emulator: ${error instanceof Error ? error.message : String(error)}` });
  }) as ErrorRequestHandler);

  const server = await listen(app, options.port);
  publicUrl = server.url;
  const port = Number(new URL(server.url).port);
  return {
    url: server.url,
    sdkOptions: { host: '127.0.0.1', port, protocol: 'http' },
    store,
    requests,
    throttleNext(count = 1) {
      throttled += count;
    },
    close: server.close,
  };
}
