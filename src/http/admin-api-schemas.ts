/**
 * The admin API's inputs as zod schemas: each route validates its path, query and body with its
 * schema before running, and /admin/api/openapi.json is generated from the same schemas, so the
 * document cannot say something the API does not do.
 */
import { z } from 'zod';
import { RECORD_KINDS } from '../model/unified-model.js';

export type AdminMethod = 'get' | 'post' | 'put' | 'delete';

export interface AdminRouteSpec {
  method: AdminMethod;
  /** Express path, e.g. /admin/api/records/:id/link. */
  path: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** What a 200 answers, in a few words (bodies are the services' own shapes). */
  returns: string;
}

/** A positive integer as it arrives in a path or query string. */
const positiveId = (what: string) => z.string().regex(/^[1-9]\d*$/, `${what} must be a positive integer`).describe(what);
/** A positive integer in a JSON body. */
const positiveInt = (what: string) => z.number({ error: `${what} must be a positive integer` }).int(`${what} must be a positive integer`).positive(`${what} must be a positive integer`).describe(what);
const note = z.string().describe('Free text kept with the decision (first 500 characters)').optional();
const idParam = (what: string) => z.object({ id: positiveId(what) });
const pageQuery = { page: positiveId('page').optional(), pageSize: positiveId('pageSize').describe('pageSize (at most 500)').optional() };

export const ADMIN_ROUTES = {
  openApiDocument: { method: 'get', path: '/admin/api/openapi.json', summary: 'This document (OpenAPI 3.1)', returns: 'the OpenAPI document' },
  listLinkReviews: {
    method: 'get', path: '/admin/api/link-reviews', summary: 'Identity link reviews waiting for (or decided by) staff',
    query: z.object({ status: z.enum(['open', 'resolved', 'dismissed'], 'status must be open, resolved or dismissed').optional() }),
    returns: '{ reviews }',
  },
  resolveLinkReview: {
    method: 'post', path: '/admin/api/link-reviews/:id', summary: 'Answer a link review: link to a client, no client, or dismiss',
    params: idParam('review id'),
    body: z.discriminatedUnion('action', [
      z.object({ action: z.literal('link'), clientId: positiveInt('clientId') }),
      z.object({ action: z.literal('none') }),
      z.object({ action: z.literal('dismiss') }),
    ], 'action must be link, none or dismiss'),
    returns: '{ ok: true }',
  },
  readRecordLink: {
    method: 'get', path: '/admin/api/records/:id/link', summary: "A record's client and why it was linked",
    params: idParam('record id'), returns: '{ recordId, provider, objectType, externalId, clientId, method, detail, confidence, manual, decidedBy, decidedAt }',
  },
  linkRecord: {
    method: 'put', path: '/admin/api/records/:id/link', summary: 'Link a record to a client by hand (null: belongs to no client)',
    params: idParam('record id'),
    body: z.object({ clientId: positiveInt('clientId').nullable(), note }),
    returns: '{ ok: true }',
  },
  releaseRecordLink: {
    method: 'delete', path: '/admin/api/records/:id/link', summary: 'Release a manual link: the rules decide again',
    params: idParam('record id'), returns: '{ clientId }',
  },
  mergeClients: {
    method: 'post', path: '/admin/api/clients/:id/merge', summary: 'Merge this client into another',
    params: idParam('client id'), body: z.object({ into: positiveInt('into') }), returns: 'the merge summary',
  },
  relink: { method: 'post', path: '/admin/api/links/relink', summary: "Re-evaluate every record's client with the current rules", returns: 'the relink summary' },
  listConnections: { method: 'get', path: '/admin/api/connections', summary: 'Connections with their sync health per object', returns: '{ connections }' },
  readConnection: {
    method: 'get', path: '/admin/api/connections/:id', summary: 'One connection: sync health and webhook setup',
    params: idParam('connection id'), returns: 'the connection with { webhook }',
  },
  listWebhooks: { method: 'get', path: '/admin/api/webhooks', summary: "Each connection's webhook setup", returns: '{ webhooks }' },
  runSync: {
    method: 'post', path: '/admin/api/connections/:id/sync', summary: 'Run now (one object type or all), or a full resync',
    params: idParam('connection id'),
    body: z.object({ objectType: z.string().describe('One object type; all when absent').optional(), full: z.boolean().describe('Full resync from the start').optional() }),
    returns: 'the queued jobs',
  },
  disconnect: {
    method: 'post', path: '/admin/api/connections/:id/disconnect', summary: 'Disconnect; with purge, delete its cached records',
    params: idParam('connection id'),
    body: z.object({ purge: z.boolean().optional(), confirm: z.string().describe('The provider name, required with purge').optional() }),
    returns: 'the disconnection summary',
  },
  listSyncRuns: {
    method: 'get', path: '/admin/api/sync-runs', summary: 'Recent sync runs, newest first',
    query: z.object({ connectionId: positiveId('connection id').optional(), limit: positiveId('limit').describe('limit (at most 500, default 50)').optional() }),
    returns: '{ runs }',
  },
  listDeadLetters: {
    method: 'get', path: '/admin/api/dead-letters', summary: 'Dead letters by status',
    query: z.object({ status: z.enum(['open', 'replayed', 'discarded', 'all'], 'status must be open, replayed, discarded or all').optional() }),
    returns: '{ deadLetters }',
  },
  replayDeadLetter: {
    method: 'post', path: '/admin/api/dead-letters/:id/replay', summary: 'Replay a dead letter',
    params: idParam('dead letter id'), returns: 'the replay result',
  },
  discardDeadLetter: {
    method: 'post', path: '/admin/api/dead-letters/:id/discard', summary: 'Discard a dead letter, with a note',
    params: idParam('dead letter id'), body: z.object({ note }), returns: '{ ok: true }',
  },
  listPortalActions: {
    method: 'get', path: '/admin/api/portal-actions', summary: 'Portal actions not yet delivered (pending or failed) per client, and each connection’s write features',
    returns: '{ clients, features }',
  },
  retryPortalAction: {
    method: 'post', path: '/admin/api/portal-actions/:id/retry', summary: 'Queue a failed portal action again (delivered once: the provider’s copy is found, not created again)',
    params: idParam('portal action id'), returns: '{ ok: true }',
  },
  queryAudit: {
    method: 'get', path: '/admin/api/audit', summary: 'The audit log with the console filters',
    query: z.object({
      actor: z.string().optional(),
      action: z.string().optional(),
      clientId: positiveId('clientId').optional(),
      from: z.string().describe('ISO date or ms since epoch').optional(),
      to: z.string().describe('ISO date or ms since epoch').optional(),
      ...pageQuery,
    }),
    returns: '{ entries, total, page, pageSize }',
  },
  listUnlinkedRecords: {
    method: 'get', path: '/admin/api/unlinked-records', summary: 'Records no client has, per provider and kind, paged',
    query: z.object({
      provider: z.string().regex(/^[a-z]{2,40}$/, 'provider must be a provider name, like asana').optional(),
      kind: z.enum(RECORD_KINDS as [string, ...string[]], `kind must be one of ${RECORD_KINDS.join(', ')}`).optional(),
      q: z.string().describe('Search text (first 200 characters)').optional(),
      ...pageQuery,
    }),
    returns: '{ records, counts, total, page, pageSize }',
  },
  linkUnlinkedRecord: {
    method: 'post', path: '/admin/api/unlinked-records/:id/link', summary: 'Link an unlinked record to a client (409 when it was linked meanwhile)',
    params: idParam('record id'), body: z.object({ clientId: positiveInt('clientId'), note }), returns: '{ recordId, clientId }',
  },
} satisfies Record<string, AdminRouteSpec>;

export type AdminOperationId = keyof typeof ADMIN_ROUTES;
