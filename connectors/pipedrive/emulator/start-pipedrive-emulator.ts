/**
 * A local Pipedrive: the endpoints the connector uses, answering with Pipedrive's documented shapes
 * (`{ success, data, additional_data }`, v2 cursor pages, v1 start/limit pagination, errors with
 * `error` and `error_info`), so the official `pipedrive` SDK runs against it unchanged
 * (PIPEDRIVE_BASE_URL=<url>, PIPEDRIVE_OAUTH_URL=<url>). Authentication by API token (x-api-token)
 * or OAuth access token (Bearer, from its own token endpoint). Limits as Pipedrive documents them:
 * a burst limit per rolling 2-second window and a daily token budget, answered with 429.
 */
import { randomBytes } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { EmulatedOAuthTokens, clientCredentials } from '../../emulator-support/oauth-tokens.js';
import { everyNthCall } from '../../emulator-support/rate-limit-every.js';
import { listen } from '../../emulator-support/listen.js';
import { PipedriveEmulatorStore, type EmulatedCollection } from './pipedrive-emulator-store.js';
import type { PipedriveDeal, PipedriveOrganization, PipedrivePerson } from '../pipedrive-records.js';

export interface PipedriveEmulatorOptions {
  port?: number;
  store?: PipedriveEmulatorStore;
  /** API tokens accepted in x-api-token; by default any 40-hex token. */
  apiTokens?: readonly string[];
  /** The OAuth app the token endpoint checks (default: any non-empty client id and secret). */
  oauth?: { clientId: string; clientSecret: string };
  /** Every Nth API call answers the burst limit's 429 (off by default). */
  rateLimitEvery?: number;
  /** Requests per rolling 2-second window (off by default). */
  burstLimit?: number;
  /** The company's daily token budget (off by default); list calls cost 10 tokens, single reads 2. */
  dailyTokenBudget?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  auth: 'api_token' | 'oauth' | 'none';
  status?: number;
}

export interface PipedriveEmulator {
  url: string;
  store: PipedriveEmulatorStore;
  /** Every request, in order (refused ones too). */
  requests: LoggedRequest[];
  tokens: EmulatedOAuthTokens;
  /** Changes the daily token budget from now on (undefined: no budget), as a plan upgrade or a new day would. */
  setDailyTokenBudget(tokens: number | undefined): void;
  close(): Promise<void>;
}

const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';
const BURST_WINDOW_MS = 2_000;
const V2_MAX_LIMIT = 500;

function sendError(res: Response, status: number, error: string, headers: Record<string, string> = {}): void {
  res.status(status).set(headers).json({ success: false, error, error_info: ERROR_INFO, data: null, additional_data: null });
}

/**
 * v2's cursor is opaque; this one marks the last item served (its sort key and id), so a page
 * starts after it even when earlier items left the list meanwhile (as a position, not an offset).
 */
interface CursorMark {
  key: number;
  id: number;
}
const encodeCursor = (mark: CursorMark) => Buffer.from(JSON.stringify(mark)).toString('base64url');
function decodeCursor(cursor: unknown): CursorMark | 'start' | null {
  if (typeof cursor !== 'string' || cursor === '') return 'start';
  try {
    const { key, id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { key?: unknown; id?: unknown };
    return typeof key === 'number' && typeof id === 'number' ? { key, id } : null;
  } catch {
    return null;
  }
}

export async function startPipedriveEmulator(options: PipedriveEmulatorOptions = {}): Promise<PipedriveEmulator> {
  const store = options.store ?? new PipedriveEmulatorStore();
  const requests: LoggedRequest[] = [];
  const tokens = new EmulatedOAuthTokens({
    accessTtlSeconds: 3599,
    refreshTtlSeconds: 60 * 86_400,
    accessToken: () => `v1u:${randomBytes(24).toString('base64url')}`,
    refreshToken: () => `${store.companyId}:1:${randomBytes(20).toString('hex')}`,
    // Pipedrive answers a refresh with the same refresh token.
    rotateRefreshTokens: false,
  });
  let url = '';
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());

  // OAuth (oauth.pipedrive.com): before the API's authentication.
  app.get('/oauth/authorize', (req, res) => {
    const redirectUri = typeof req.query.redirect_uri === 'string' ? req.query.redirect_uri : '';
    const clientId = typeof req.query.client_id === 'string' ? req.query.client_id : '';
    if (!URL.canParse(redirectUri)) return res.status(400).json({ error: 'invalid_request', error_description: 'redirect_uri is missing or invalid' });
    if (!clientId || (options.oauth && clientId !== options.oauth.clientId)) return res.status(400).json({ error: 'invalid_client', error_description: 'unknown client_id' });
    const target = new URL(redirectUri);
    target.searchParams.set('code', tokens.issueCode(redirectUri, clientId));
    if (typeof req.query.state === 'string') target.searchParams.set('state', req.query.state);
    res.redirect(302, target.toString());
  });
  app.post('/oauth/token', (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const { clientId, clientSecret } = clientCredentials(req.get('authorization'), body);
    const known = options.oauth ? clientId === options.oauth.clientId && clientSecret === options.oauth.clientSecret : Boolean(clientId && clientSecret);
    if (!known) return res.status(401).json({ error: 'invalid_client', error_description: 'Invalid client credentials' });
    if (body.grant_type === 'authorization_code') {
      if (!body.code || !tokens.takeCode(body.code, body.redirect_uri)) return res.status(400).json({ error: 'invalid_grant', error_description: 'Invalid authorization code' });
    } else if (body.grant_type === 'refresh_token') {
      if (!body.refresh_token || !tokens.takeRefreshToken(body.refresh_token)) return res.status(400).json({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
      tokens.recordGrant('refresh_token');
      const { accessToken, expiresIn } = tokens.issueAccessToken();
      return res.json({ access_token: accessToken, token_type: 'Bearer', refresh_token: body.refresh_token, scope: 'base,deals:read,contacts:read,users:read', expires_in: expiresIn, api_domain: url });
    } else {
      return res.status(400).json({ error: 'unsupported_grant_type', error_description: 'grant_type must be authorization_code or refresh_token' });
    }
    tokens.recordGrant('authorization_code');
    const issued = tokens.issue();
    res.json({ access_token: issued.accessToken, token_type: 'Bearer', refresh_token: issued.refreshToken, scope: 'base,deals:read,contacts:read,users:read', expires_in: issued.expiresIn, api_domain: url });
  });
  app.post('/oauth/revoke', (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (body.token) tokens.revoke(body.token);
    res.status(200).end();
  });

  // The API: authenticate, then the limits, then the routes.
  const nth = everyNthCall(options.rateLimitEvery);
  const admitted: number[] = [];
  let budget = { day: '', used: 0 };
  let dailyTokenBudget = options.dailyTokenBudget;
  app.use('/api', (req, res, next) => {
    const apiToken = req.get('x-api-token') ?? (typeof req.query.api_token === 'string' ? req.query.api_token : undefined);
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const logged: LoggedRequest = { method: req.method, path: req.path, query: { ...req.query }, auth: apiToken ? 'api_token' : bearer ? 'oauth' : 'none' };
    requests.push(logged);
    res.on('finish', () => (logged.status = res.statusCode));
    const valid = apiToken ? (options.apiTokens ? options.apiTokens.includes(apiToken) : /^[0-9a-f]{40}$/i.test(apiToken)) : bearer ? tokens.isValid(bearer) : false;
    if (!valid) return sendError(res, 401, 'unauthorized access');
    const now = Date.now();
    while (admitted.length > 0 && admitted[0]! <= now - BURST_WINDOW_MS) admitted.shift();
    const limit = options.burstLimit ?? 0;
    const burstHeaders = (remaining: number) => ({ 'x-ratelimit-limit': String(limit || 80), 'x-ratelimit-remaining': String(Math.max(0, remaining)), 'x-ratelimit-reset': '2' });
    if (nth() || (limit > 0 && admitted.length >= limit)) {
      return sendError(res, 429, 'Request over limit', { ...burstHeaders(0), 'retry-after': '2' });
    }
    if (dailyTokenBudget) {
      const day = new Date(now).toISOString().slice(0, 10);
      if (budget.day !== day) budget = { day, used: 0 };
      const cost = /\/\d+$/.test(req.path) ? 2 : 10;
      if (budget.used + cost > dailyTokenBudget) {
        // The budget comes back at the start of the next day: a wait no backfill should sit through.
        const untilTomorrow = Math.ceil((Date.parse(`${day}T00:00:00Z`) + 86_400_000 - now) / 1000);
        return sendError(res, 429, 'Daily token budget exceeded', { 'retry-after': String(untilTomorrow) });
      }
      budget.used += cost;
    }
    admitted.push(now);
    res.set(burstHeaders((limit || 80) - admitted.length));
    next();
  });

  const listRoute = (collection: EmulatedCollection) => (req: Request, res: Response) => {
    const q = req.query as Record<string, string | undefined>;
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > V2_MAX_LIMIT) return sendError(res, 400, `limit must be between 1 and ${V2_MAX_LIMIT}`);
    const mark = decodeCursor(q.cursor);
    if (mark === null) return sendError(res, 400, 'Invalid cursor');
    const since = q.updated_since === undefined ? null : Date.parse(q.updated_since);
    if (since !== null && Number.isNaN(since)) return sendError(res, 400, 'updated_since must be an RFC 3339 date-time');
    const until = q.updated_until === undefined ? null : Date.parse(q.updated_until);
    const ids = q.ids === undefined ? null : new Set(q.ids.split(',').map((id) => Number(id.trim())));
    if (ids && ids.size > 100) return sendError(res, 400, 'ids accepts at most 100 ids');
    const status = q.status;
    if (collection === 'deals' && status !== undefined && !['open', 'won', 'lost', 'deleted'].includes(status)) return sendError(res, 400, 'status must be open, won, lost or deleted');
    const sortBy = q.sort_by ?? 'id';
    if (!['id', 'update_time', 'add_time'].includes(sortBy)) return sendError(res, 400, 'sort_by must be id, update_time or add_time');
    const direction = q.sort_direction === 'desc' ? -1 : 1;
    const matching = [...store.collection(collection).values()].filter((object) => {
      if (ids && !ids.has(object.id)) return false;
      if (collection === 'deals' && status !== undefined) {
        if ((object as PipedriveDeal).status !== status) return false;
      } else if (object.is_deleted) return false;
      const updated = Date.parse(object.update_time ?? '');
      if (since !== null && updated < since) return false;
      if (until !== null && !Number.isNaN(until) && updated >= until) return false;
      return true;
    });
    const key = (object: { id: number; update_time?: string | null; add_time?: string | null }) => (sortBy === 'id' ? object.id : Date.parse((sortBy === 'update_time' ? object.update_time : object.add_time) ?? ''));
    const order = (a: { key: number; id: number }, b: { key: number; id: number }) => direction * (a.key - b.key || a.id - b.id);
    const remaining = matching
      .map((object) => ({ object, key: key(object), id: object.id }))
      .sort(order)
      .filter((item) => mark === 'start' || order(item, mark) > 0);
    const served = remaining.slice(0, limit);
    const last = served.at(-1);
    const more = remaining.length > limit && last !== undefined;
    res.json({ success: true, data: served.map((item) => view(store, collection, item.object, q.include_fields)), additional_data: { next_cursor: more ? encodeCursor({ key: last.key, id: last.id }) : null } });
  };
  const getRoute = (collection: EmulatedCollection) => (req: Request, res: Response) => {
    const object = store.collection(collection).get(Number(req.params.id));
    if (!object || (collection !== 'deals' && object.is_deleted)) return sendError(res, 404, `${collection.replace(/s$/, '')} not found`);
    res.json({ success: true, data: view(store, collection, object, (req.query as Record<string, string | undefined>).include_fields) });
  };
  for (const collection of ['organizations', 'persons', 'deals'] as const) {
    app.get(`/api/v2/${collection}`, listRoute(collection));
    app.get(`/api/v2/${collection}/:id`, getRoute(collection));
  }

  // v1: users, the current user, deal participants.
  app.get('/api/v1/users', (_req, res) => res.json({ success: true, data: [...store.users.values()] }));
  app.get('/api/v1/users/me', (_req, res) => {
    const me = store.users.values().next().value;
    if (!me) return sendError(res, 404, 'User not found');
    res.json({ success: true, data: { ...me, is_you: true, company_id: Number(store.companyId), company_name: 'Brightside Agency', company_domain: store.companyDomain } });
  });
  app.get('/api/v1/users/:id', (req, res) => {
    const user = store.users.get(Number(req.params.id));
    if (!user) return sendError(res, 404, 'User not found');
    res.json({ success: true, data: user });
  });
  app.get('/api/v1/deals/:id/participants', (req, res) => {
    const deal = store.deals.get(Number(req.params.id));
    if (!deal || deal.is_deleted) return sendError(res, 404, 'Deal not found');
    const start = Number((req.query as Record<string, string | undefined>).start ?? 0);
    const limit = Math.min(500, Number((req.query as Record<string, string | undefined>).limit ?? 100));
    const all = store.participantsOf(deal.id);
    const data = all.slice(start, start + limit).map((participant) => {
      const person = store.persons.get(participant.personId);
      return {
        id: participant.id,
        person_id: {
          active_flag: person ? !person.is_deleted : false,
          name: person?.name ?? '',
          email: (person?.emails ?? []).map((e) => ({ label: e.label ?? 'work', value: e.value ?? '', primary: Boolean(e.primary) })),
          phone: (person?.phones ?? []).map((p) => ({ label: p.label ?? 'work', value: p.value ?? '', primary: Boolean(p.primary) })),
          owner_id: person?.owner_id ?? null,
          value: participant.personId,
        },
        add_time: participant.addTime.replace('T', ' ').replace('Z', ''),
        active_flag: participant.active,
        related_item_type: 'deal',
        related_item_id: deal.id,
      };
    });
    res.json({ success: true, data, additional_data: { pagination: { start, limit, more_items_in_collection: start + limit < all.length, ...(start + limit < all.length ? { next_start: start + limit } : {}) } } });
  });

  app.use((req, res) => sendError(res, 404, `Unknown method: ${req.method} ${req.path}`));
  const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const status = (error as { status?: unknown }).status;
    sendError(res, typeof status === 'number' && status >= 400 && status < 500 ? status : 500, error instanceof Error ? error.message : String(error));
  };
  app.use(errorHandler);

  const served = await listen(app, options.port ?? 0);
  url = served.url;
  return {
    url,
    store,
    requests,
    tokens,
    setDailyTokenBudget: (tokens) => {
      dailyTokenBudget = tokens;
      budget = { day: '', used: 0 };
    },
    close: () => served.close(),
  };
}

/** What the API shows of an object: optional fields (marketing status, participant count) only when include_fields asks, as v2 does. */
function view(store: PipedriveEmulatorStore, collection: EmulatedCollection, object: PipedriveOrganization | PipedrivePerson | PipedriveDeal, includeFields: string | undefined): Record<string, unknown> {
  const copy = { ...object } as Record<string, unknown>;
  const included = (includeFields ?? '').split(',');
  if (collection === 'persons' && !included.includes('marketing_status')) delete copy.marketing_status;
  if (collection === 'deals' && included.includes('participants_count')) copy.participants_count = store.participantsOf(object.id).filter((p) => p.active).length;
  delete copy.participant_person_ids;
  return copy;
}
