/**
 * A local HubSpot: the CRM v3 endpoints the connector uses, answering with HubSpot's
 * documented shapes, so the real @hubspot/api-client runs against it unchanged
 * (HUBSPOT_BASE_URL=<url>). Used by `npm run demo`, benchmarks and multi-process tests.
 */
import express from 'express';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { HubSpotEmulatorStore, type EmulatedType } from './emulator-store.js';
import { searchLikeHubSpot, type SearchRequestBody } from '../testing/search-like-hubspot.js';
import { associationsResponse, batchReadResponse, pipelinesResponse } from '../testing/hubspot-payloads.js';

export interface HubSpotEmulator {
  url: string;
  store: HubSpotEmulatorStore;
  requests: { method: string; path: string; at: number }[];
  close(): Promise<void>;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  store?: HubSpotEmulatorStore;
  /** At most `limit` requests per `windowMs`; beyond, 429 with Retry-After as HubSpot sends it. */
  rateLimit?: { limit: number; windowMs: number };
}

const TYPES = new Set(['companies', 'contacts', 'deals']);
const error = (message: string, category: string) => ({ status: 'error', message, category, correlationId: randomBytes(8).toString('hex') });

export async function startHubSpotEmulator(options: EmulatorOptions = {}): Promise<HubSpotEmulator> {
  const store = options.store ?? new HubSpotEmulatorStore();
  const requests: HubSpotEmulator['requests'] = [];
  const app = express();
  app.use(express.json({ limit: '5mb' }));
  app.use(express.urlencoded({ extended: false }));
  let windowStart = Date.now();
  let inWindow = 0;

  app.use((req, res, next) => {
    requests.push({ method: req.method, path: req.path, at: Date.now() });
    if (req.path.startsWith('/oauth/')) return next();
    if (!/^Bearer \S+/.test(req.get('authorization') ?? '')) {
      return res.status(401).json(error('Authentication credentials not found. This API supports OAuth 2.0 authentication.', 'INVALID_AUTHENTICATION'));
    }
    if (options.rateLimit) {
      const now = Date.now();
      if (now - windowStart >= options.rateLimit.windowMs) {
        windowStart = now;
        inWindow = 0;
      }
      inWindow++;
      res.set('X-HubSpot-RateLimit-Max', String(options.rateLimit.limit));
      res.set('X-HubSpot-RateLimit-Remaining', String(Math.max(0, options.rateLimit.limit - inWindow)));
      res.set('X-HubSpot-RateLimit-Interval-Milliseconds', String(options.rateLimit.windowMs));
      if (inWindow > options.rateLimit.limit) {
        res.set('Retry-After', String(Math.ceil((options.rateLimit.windowMs - (now - windowStart)) / 1000)));
        return res.status(429).json({ ...error('You have reached your secondly limit.', 'RATE_LIMITS'), errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
      }
    }
    next();
  });

  app.post('/crm/v3/objects/:type/search', (req, res) => {
    if (!TYPES.has(req.params.type)) return res.status(404).json(error(`Unknown object type ${req.params.type}`, 'OBJECT_NOT_FOUND'));
    const answer = searchLikeHubSpot(store.objects[req.params.type as EmulatedType].values(), req.body as SearchRequestBody);
    res.status(answer.status).json(answer.body);
  });

  app.post('/crm/v3/objects/:type/batch/read', (req, res) => {
    if (!TYPES.has(req.params.type)) return res.status(404).json(error(`Unknown object type ${req.params.type}`, 'OBJECT_NOT_FOUND'));
    const ids = ((req.body as { inputs?: { id: string }[] }).inputs ?? []).map((i) => String(i.id));
    const found = ids.map((id) => store.objects[req.params.type as EmulatedType].get(id)).filter((o) => o !== undefined);
    const missing = ids.filter((id) => !store.objects[req.params.type as EmulatedType].has(id));
    if (missing.length === 0) return res.json(batchReadResponse(found));
    // HubSpot answers 207 with the ids it could not find listed as errors.
    res.status(207).json({
      ...batchReadResponse(found),
      status: 'COMPLETE',
      numErrors: 1,
      errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some objects, they may be deleted or not exist.', context: { ids: missing } }],
    });
  });

  app.get('/crm/v3/objects/:type/:id', (req, res) => {
    const object = TYPES.has(req.params.type) ? store.objects[req.params.type as EmulatedType].get(req.params.id) : undefined;
    if (!object) return res.status(404).json(error('Object not found.  objectId are usually numeric.', 'OBJECT_NOT_FOUND'));
    res.json(object);
  });

  app.post('/crm/v4/associations/deals/:to/batch/read', (req, res) => {
    const to = req.params.to as 'companies' | 'contacts';
    if (!(to in store.dealLinks)) return res.status(400).json(error(`Unsupported association deals→${to}`, 'VALIDATION_ERROR'));
    const ids = ((req.body as { inputs?: { id: string }[] }).inputs ?? []).map((i) => String(i.id));
    res.json(associationsResponse(Object.fromEntries(ids.map((id) => [id, store.dealLinks[to].get(id) ?? []])), to === 'companies' ? 5 : 3));
  });

  app.get('/crm/v3/pipelines/deals', (_req, res) => {
    res.json(pipelinesResponse());
  });

  app.get('/crm/v3/owners', (_req, res) => {
    res.json({ results: store.owners });
  });
  app.get('/crm/v3/owners/:id', (req, res) => {
    const owner = store.owners.find((o) => o.id === req.params.id);
    if (!owner) return res.status(404).json(error('Owner not found', 'OBJECT_NOT_FOUND'));
    res.json(owner);
  });

  app.post('/oauth/v1/token', (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    if (!body.client_id || !body.client_secret) return res.status(400).json({ status: 'BAD_CLIENT_ID', message: 'missing or unknown client id' });
    if (body.grant_type !== 'authorization_code' && body.grant_type !== 'refresh_token') return res.status(400).json({ status: 'BAD_GRANT_TYPE', message: 'unsupported grant type' });
    res.json({ token_type: 'bearer', access_token: `emulated-${randomBytes(12).toString('hex')}`, refresh_token: `refresh-${randomBytes(12).toString('hex')}`, expires_in: 1800 });
  });
  app.get('/oauth/authorize', (req, res) => {
    const redirect = new URL(String(req.query.redirect_uri));
    redirect.searchParams.set('code', `code-${randomBytes(8).toString('hex')}`);
    redirect.searchParams.set('state', String(req.query.state ?? ''));
    res.redirect(302, redirect.toString());
  });

  app.use((_req, res) => {
    res.status(404).json(error('Not found', 'OBJECT_NOT_FOUND'));
  });

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address() as { port: number };
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    store,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
