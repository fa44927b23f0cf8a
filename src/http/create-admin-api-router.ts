import express from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../app/app-context.js';
import { listLinkReviews } from '../identity/list-link-reviews.js';
import { resolveLinkReview, type ReviewAnswer } from '../identity/resolve-link-review.js';
import { linkRecordManually } from '../identity/link-record-manually.js';
import { releaseRecordLink } from '../identity/release-record-link.js';
import { mergeClients } from '../identity/merge-clients.js';
import { relinkWorkspace } from '../identity/relink-workspace.js';
import type { StaffActor } from '../identity/staff-actor.js';
import { findRecordLinkDetails } from '../store/identity/find-record-link-details.js';
import { registerOperationsApi } from './admin-api-operations.js';
import { createErrorHandler } from './create-error-handler.js';
import { registerUnlinkedRecordsApi } from './admin-api-unlinked.js';
import { ADMIN_ROUTES, type AdminOperationId, type AdminRouteSpec } from './admin-api-schemas.js';
import { buildAdminOpenApi } from './build-admin-openapi.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * /admin/api: identity decisions, and the staff console's JSON twin (connections, sync, dead
 * letters, audit: admin-api-operations.ts), for scripts, authenticated by the
 * CLIENTHUB_ADMIN_TOKEN bearer token (compared in constant time). Without a token configured
 * the whole API does not exist (404). Every decision is audited with the caller's address.
 */
export function createAdminApiRouter(app: AppContext): express.Router {
  const router = express.Router();
  router.use('/admin/api', (req, res, next) => {
    if (!app.config.adminApiToken) return res.status(404).json({ error: 'not found' });
    const given = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(app.config.adminApiToken))) {
      res.set('www-authenticate', 'Bearer realm="clienthub-admin"');
      return res.status(401).json({ error: 'a valid admin token is required' });
    }
    next();
  });
  router.use('/admin/api', express.json({ limit: '64kb' }));
  const actor = (req: express.Request): StaffActor => ({ type: 'staff', id: 'admin-api', ip: req.ip ?? null });
  const base = (req: express.Request) => ({ workspaceId: app.workspaceId, actor: actor(req), rules: app.config.identity });
  const positive = (value: unknown, what: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new BadRequest(`${what} must be a positive integer`);
    return parsed;
  };
  const handle = (work: (req: express.Request) => unknown): express.RequestHandler => async (req, res) => {
    try {
      res.json((await work(req)) ?? { ok: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      res.status(error instanceof BadRequest ? 400 : /^No (record|client|review|connection|open dead letter)/.test(message) ? 404 : 409).json({ error: message });
    }
  };

  // Every route goes through here: its spec's schemas check the input before it runs, and the
  // same specs, as registered, make /admin/api/openapi.json.
  const registered: Partial<Record<AdminOperationId, AdminRouteSpec>> = {};
  const route = (operationId: AdminOperationId, work: (req: express.Request) => unknown) => {
    const spec: AdminRouteSpec = ADMIN_ROUTES[operationId];
    registered[operationId] = spec;
    router[spec.method](spec.path, handle((req) => {
      validateInput(spec, req);
      return work(req);
    }));
  };

  route('listLinkReviews', async (req) => {
    const status = String(req.query.status ?? 'open');
    if (!['open', 'resolved', 'dismissed'].includes(status)) throw new BadRequest('status must be open, resolved or dismissed');
    return { reviews: await listLinkReviews(app.store.db, app.workspaceId, status as 'open') };
  });
  route('resolveLinkReview', async (req) => {
    const body = (req.body ?? {}) as { action?: string; clientId?: unknown };
    const answer: ReviewAnswer =
      body.action === 'link' ? { action: 'link', clientId: positive(body.clientId, 'clientId') } : body.action === 'none' ? { action: 'none' } : body.action === 'dismiss' ? { action: 'dismiss' } : (() => { throw new BadRequest('action must be link, none or dismiss'); })();
    await resolveLinkReview(app.store, { ...base(req), reviewId: positive(req.params.id, 'review id'), answer });
  });
  route('readRecordLink', async (req) => {
    const row = await findRecordLinkDetails(app.store.db, positive(req.params.id, 'record id'), app.workspaceId);
    if (!row) throw new Error(`No record ${req.params.id}`);
    return { recordId: row.id, provider: row.provider, objectType: row.object_type, externalId: row.external_id, clientId: row.client_id, method: row.method, detail: row.detail ? JSON.parse(String(row.detail)) : null, confidence: row.confidence, manual: row.manual === 1, decidedBy: row.decided_by, decidedAt: row.decided_at };
  });
  route('linkRecord', async (req) => {
    const clientId = (req.body as { clientId?: unknown } | undefined)?.clientId;
    if (clientId === undefined) throw new BadRequest('clientId is required (a client id, or null for "belongs to no client")');
    await linkRecordManually(app.store, { ...base(req), recordId: positive(req.params.id, 'record id'), clientId: clientId === null ? null : positive(clientId, 'clientId'), note: typeof (req.body as { note?: unknown }).note === 'string' ? String((req.body as { note: string }).note).slice(0, 500) : undefined });
  });
  route('releaseRecordLink', async (req) => ({ clientId: await releaseRecordLink(app.store, { ...base(req), recordId: positive(req.params.id, 'record id') }) }));
  route('mergeClients', (req) => mergeClients(app.store, { ...base(req), fromClientId: positive(req.params.id, 'client id'), intoClientId: positive((req.body as { into?: unknown } | undefined)?.into, 'into') }));
  route('relink', () => relinkWorkspace(app));
  registerOperationsApi(app, { route, positive, actor, badRequest: (message) => new BadRequest(message) });
  registerUnlinkedRecordsApi(app, { route, positive, actor, badRequest: (message) => new BadRequest(message) });
  route('openApiDocument', () => buildAdminOpenApi(registered, `${app.config.publicUrl}`, '1'));
  // Bad JSON (400), a body over 64 kB (413), a bad %-escape in an id: JSON like every other answer here.
  router.use('/admin/api', createErrorHandler(app.logger, 'admin API', 'json'));
  return router;
}

class BadRequest extends Error {}

/** Checks path, query and body against the route's schemas: a 400 naming the field, before any work. */
function validateInput(spec: AdminRouteSpec, req: express.Request): void {
  // An empty query parameter (`?kind=`) means "not given", as the console's filter forms send it.
  const query = Object.fromEntries(Object.entries(req.query as Record<string, unknown>).filter(([, value]) => value !== ''));
  const parts = [
    [spec.params, req.params],
    [spec.query, query],
    [spec.body, req.body ?? {}],
  ] as const;
  for (const [schema, value] of parts) {
    if (!schema) continue;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.');
      throw new BadRequest(field && !issue.message.startsWith(field) && !issue.message.includes(' must ') ? `${field}: ${issue.message}` : issue.message);
    }
  }
}
