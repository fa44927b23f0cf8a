/**
 * A local Xero: the Accounting API under /api.xro/2.0 (xero-node's AccountingApi runs against it
 * with `basePath = <url>/api.xro/2.0`), the identity server's /connect/authorize and
 * /connect/token, /connections, Xero's 401/403 problem bodies, a required xero-tenant-id, and the
 * per-organisation rate limits. One host serves all: XERO_BASE_URL and XERO_IDENTITY_URL = url.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { listen } from '../../emulator-support/listen.js';
import { everyNthCall } from '../../emulator-support/rate-limit-every.js';
import { XeroEmulatorStore } from './xero-emulator-store.js';
import { xeroApiRoutes } from './xero-api-routes.js';
import { xeroAttachmentRoutes } from './xero-attachments.js';
import { XeroTokens, xeroIdentityRoutes, type XeroApp, type XeroTenant } from './xero-identity-routes.js';
import { XERO_LIMITS, XeroRateLimiter, type XeroLimits } from './xero-limits.js';

export interface XeroEmulatorOptions {
  port?: number;
  store?: XeroEmulatorStore;
  acceptedTokens?: readonly string[];
  oauth?: XeroApp;
  /** Xero's own limits by default (60/min, 5 000/day per organisation); null turns them off. */
  limits?: XeroLimits | null;
  /** Other organisations the login can see (a practice manager tenant is listed too). */
  extraTenants?: XeroTenant[];
  /** Every Nth API call answers Xero's minute-limit 429 (Retry-After, X-Rate-Limit-Problem: minute); off by default. */
  rateLimitEvery?: number;
  /** The Retry-After (seconds) those 429s name; default 1. */
  rateLimitRetryAfterSeconds?: number;
  /** Each API answer takes this long (Xero's own processing time), so calls overlap as they do against Xero; default 0. */
  latencyMs?: number;
}

export interface XeroEmulator {
  url: string;
  apiBase: string;
  store: XeroEmulatorStore;
  tokens: XeroTokens;
  limiter: XeroRateLimiter;
  requests: { method: string; path: string; query: Record<string, unknown>; headers: Record<string, string | undefined>; at: number }[];
  close(): Promise<void>;
}

const problem = (status: number, title: string, detail: string) => ({ Type: null, Title: title, Status: status, Detail: detail, Instance: randomUUID(), Extensions: {} });

export async function startXeroEmulator(options: XeroEmulatorOptions = {}): Promise<XeroEmulator> {
  const store = options.store ?? new XeroEmulatorStore();
  const tokens = new XeroTokens(options.acceptedTokens);
  const limiter = new XeroRateLimiter(options.limits === undefined ? XERO_LIMITS : options.limits);
  const requests: XeroEmulator['requests'] = [];
  const tenants = (): XeroTenant[] => [{ tenantId: store.tenantId, tenantName: store.organisationName, tenantType: 'ORGANISATION' }, ...(options.extraTenants ?? [])];

  const app = express();
  app.disable('x-powered-by');
  app.use((req, _res, next) => {
    requests.push({
      method: req.method,
      path: req.path,
      query: { ...(req.query as Record<string, unknown>) },
      headers: { 'if-modified-since': req.get('if-modified-since'), 'xero-tenant-id': req.get('xero-tenant-id'), authorization: req.get('authorization'), accept: req.get('accept') },
      at: Date.now(),
    });
    next();
  });
  app.use(xeroIdentityRoutes(tokens, tenants, options.oauth));

  const guard: RequestHandler = (req, res, next) => {
    res.set('Xero-Correlation-Id', randomUUID());
    const token = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!token) return void res.status(401).json(problem(401, 'Unauthorized', 'AuthenticationUnsuccessful'));
    if (!tokens.isValid(token)) return void res.status(401).json(problem(401, 'Unauthorized', `TokenExpired: token expired at ${new Date().toLocaleString('en-US', { timeZone: 'UTC', hour12: false })}`));
    // Without the tenant header, or naming an organisation the token was not granted, Xero answers 403.
    const tenant = req.get('xero-tenant-id');
    if (!tenant || !tenants().some((known) => known.tenantId === tenant)) return void res.status(403).json(problem(403, 'Forbidden', 'AuthenticationUnsuccessful'));
    next();
  };
  const nth = everyNthCall(options.rateLimitEvery);
  const everyNth: RequestHandler = (_req, res, next) => {
    if (!nth()) return next();
    // Xero's 429: an empty body, the wait in Retry-After (seconds) and which limit in X-Rate-Limit-Problem.
    res.set({ 'Retry-After': String(options.rateLimitRetryAfterSeconds ?? 1), 'X-Rate-Limit-Problem': 'minute', 'X-MinLimit-Remaining': '0' });
    res.status(429).type('text/plain').send('');
  };
  let base = '';
  const latency: RequestHandler = (_req, _res, next) => void (options.latencyMs ? setTimeout(next, options.latencyMs) : next());
  app.use('/api.xro/2.0', guard, everyNth, limiter.middleware(), latency, xeroApiRoutes(store), xeroAttachmentRoutes(store, () => base));
  // The customer-facing online invoice (in.xero.com in production): public, no token, as the link is shared.
  app.get('/in/:token', (req, res) => {
    const invoice = store.invoiceOfOnlineToken(req.params.token);
    if (!invoice) return void res.status(404).type('text/plain').send('Invoice not found');
    const esc = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    res.type('html').send(`<!doctype html><title>Invoice ${esc(invoice.InvoiceNumber)}</title><h1>${esc(store.organisationName)}: invoice ${esc(invoice.InvoiceNumber)}</h1><p>Amount due ${esc(invoice.AmountDue)} ${esc(invoice.CurrencyCode)}</p><p><button>Pay now</button></p>`);
  });
  app.use((_req, res) => void res.status(404).type('text/plain').send("The resource you're looking for cannot be found"));
  app.use(((error: unknown, _req, res, _next) => {
    res.status(500).json({ ErrorNumber: 500, Type: 'UnknownErrorException', Message: `An error occurred in Xero: ${error instanceof Error ? error.message : String(error)}` });
  }) as ErrorRequestHandler);

  const server = await listen(app, options.port);
  base = server.url;
  return { url: server.url, apiBase: `${server.url}/api.xro/2.0`, store, tokens, limiter, requests, close: server.close };
}
