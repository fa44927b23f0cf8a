/**
 * A local HubSpot: the CRM endpoints the connector uses, answering with HubSpot's documented
 * shapes, so the real @hubspot/api-client runs against it unchanged (`basePath: url`, or
 * HUBSPOT_BASE_URL=<url>). Used by `npm run demo`, benchmarks and multi-process tests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ErrorRequestHandler } from 'express';
import { HubSpotEmulatorStore } from './emulator-store.js';
import { EmulatorFaults } from './emulator-faults.js';
import type { LoggedRequest } from './emulator-faults.js';
import { TokenRegistry, requireBearerToken } from './emulator-auth.js';
import type { AcceptedTokens } from './emulator-auth.js';
import { rateLimit } from './rate-limit.js';
import { everyNthCall } from '../../emulator-support/rate-limit-every.js';
import type { RateLimitOptions } from './rate-limit.js';
import { sendHubSpotError } from './hubspot-errors.js';
import { oauthRoutes } from './oauth-token.js';
import { fileReadRoutes, setSignedUrlBase, signedFileRoutes } from './file-reads.js';
import type { OAuthAppOptions } from './oauth-token.js';
import { searchObjectsRoutes } from './search-objects.js';
import { readObjectsRoutes } from './read-objects.js';
import { readAssociationsRoutes } from './read-associations.js';
import { readPipelinesRoutes } from './read-pipelines.js';
import { readOwnersRoutes } from './read-owners.js';
import { writeObjectsRoutes } from './write-objects.js';
import { hostedQuotePageRoutes } from './hosted-quote-page.js';
import { fileManagerRoutes } from './file-manager.js';

/** "The search endpoints are rate limited to five requests per second per account" (HubSpot's API usage guidelines). */
export const HUBSPOT_SEARCH_LIMIT: RateLimitOptions = { limit: 5, windowMs: 1000, policyName: 'SECONDLY', appliesTo: 'search' };

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  store?: HubSpotEmulatorStore;
  /** Off by default. Several limits may apply at once, e.g. a burst limit plus a search-only one. */
  rateLimit?: RateLimitOptions | readonly RateLimitOptions[];
  /** Bearer tokens the API accepts; by default any non-empty one. Tokens from /oauth/v1/token always work. */
  acceptedTokens?: AcceptedTokens;
  /** The OAuth app the token endpoint checks client_id/client_secret against (default: accept any). */
  oauth?: OAuthAppOptions;
  /**
   * Enforces HubSpot's documented search allowance (HUBSPOT_SEARCH_LIMIT: 5 search requests a second
   * per account) besides any `rateLimit`; off by default so tests that do not pace stay quick.
   */
  documentedLimits?: boolean;
  /** Every Nth API call answers HubSpot's secondly-limit 429 (RATE_LIMIT, policyName SECONDLY); off by default. */
  rateLimitEvery?: number;
  /**
   * Associations per input record per page of the v4 batch read (default HubSpot's 500,
   * ASSOCIATIONS_PAGE_SIZE); a smaller one lets a test page through a few records quickly.
   */
  associationPageSize?: number;
}

export interface HubSpotEmulator {
  url: string;
  store: HubSpotEmulatorStore;
  /** Every request received, in order (including refused ones), for assertions. */
  requests: LoggedRequest[];
  /** Makes reads of one record take `ms` longer (0 removes the delay). */
  delayFor(objectType: string, id: string, ms: number): void;
  /** Makes a token issued by the emulator's OAuth endpoint answer 401 EXPIRED_AUTHENTICATION from now on. */
  expireAccessToken(accessToken: string): void;
  close(): Promise<void>;
}

export async function startHubSpotEmulator(options: EmulatorOptions = {}): Promise<HubSpotEmulator> {
  const store = options.store ?? new HubSpotEmulatorStore();
  const host = options.host ?? '127.0.0.1';
  const faults = new EmulatorFaults();
  const tokens = new TokenRegistry(options.acceptedTokens, store.now);

  const app = express();
  app.disable('x-powered-by');
  app.use((req, _res, next) => {
    faults.requests.push({ method: req.method, path: req.path, at: Date.now() });
    next();
  });
  app.use(express.json({ limit: '5mb' }));
  app.use(express.urlencoded({ extended: false }));
  // The OAuth endpoints are how a bearer token is obtained, so they sit before the token check.
  app.use(oauthRoutes(tokens, options.oauth, { hubId: store.portalId, hubDomain: `emulated-${store.portalId}.hubspot.test`, appId: 1_000_001, userId: 2_000_001, user: 'owner@emulated.hubspot.test' }));
  // Hosted quote pages are public, as HubSpot's are: the buyer opens them without any token.
  app.use(hostedQuotePageRoutes(store));
  // Signed file URLs are public too, as HubSpot's CDN links are: the signature is the permission.
  app.use(signedFileRoutes(store));
  app.use(requireBearerToken(tokens));
  const nth = everyNthCall(options.rateLimitEvery);
  app.use((_req, res, next) => {
    if (!nth()) return next();
    // HubSpot's burst-limit answer: its error body with errorType and policyName, no Retry-After.
    sendHubSpotError(res, 429, 'You have reached your secondly limit.', undefined, { errorType: 'RATE_LIMIT', policyName: 'SECONDLY', groupName: 'publicapi:emulator' });
  });
  const limits = [...(options.rateLimit ? (Array.isArray(options.rateLimit) ? options.rateLimit : [options.rateLimit]) : []), ...(options.documentedLimits ? [HUBSPOT_SEARCH_LIMIT] : [])] as RateLimitOptions[];
  if (limits.length) app.use(rateLimit(limits));
  // Before the file manager's GET /files/v3/files/{fileId}, which would take "search" for an id.
  app.use(fileReadRoutes(store));
  app.use(searchObjectsRoutes(store));
  app.use(writeObjectsRoutes(store));
  app.use(fileManagerRoutes(store));
  app.use(readObjectsRoutes(store, faults));
  app.use(readAssociationsRoutes(store, { pageSize: options.associationPageSize }));
  app.use(readPipelinesRoutes(store));
  app.use(readOwnersRoutes(store));
  app.use((req, res) => sendHubSpotError(res, 404, `No route for ${req.method} ${req.path}`, 'OBJECT_NOT_FOUND'));
  app.use(errorHandler);

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  store.quotePageBase = url;
  setSignedUrlBase(store, url);
  store.refreshQuoteLinks();

  return {
    url,
    store,
    requests: faults.requests,
    delayFor: (objectType, id, ms) => faults.delayFor(objectType, id, ms),
    expireAccessToken: (accessToken) => tokens.expire(accessToken),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from SDK clients would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Body-parser failures become HubSpot's 400; anything else a JSON 500 the SDK can still parse. */
const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    sendHubSpotError(res, status, `Invalid input JSON: ${(error as Error).message}`, 'VALIDATION_ERROR');
    return;
  }
  sendHubSpotError(res, 500, `Internal error in the HubSpot emulator: ${error instanceof Error ? error.message : String(error)}`, 'INTERNAL_ERROR');
};
