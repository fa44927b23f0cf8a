import type express from 'express';
import type { AppContext } from '../app/app-context.js';
import type { StaffActor } from '../identity/staff-actor.js';
import type { AdminOperationId } from './admin-api-schemas.js';
import { findConnection } from '../store/connections/find-connection.js';
import { listSyncRuns } from '../sync/sync-run-repository.js';
import { listDeadLetters } from '../sync/dead-letters.js';
import { replayDeadLetter } from '../sync/replay-dead-letter.js';
import { discardDeadLetter } from '../sync/discard-dead-letter.js';
import { loadSyncHealth } from '../staff/read/load-sync-health.js';
import { loadWebhookSetup } from '../staff/read/load-webhook-setup.js';
import { queryAuditLog } from '../staff/read/query-audit-log.js';
import { runSyncNow } from '../staff/services/run-sync-now.js';
import { disconnectConnection } from '../staff/services/disconnect-connection.js';
import { loadUndeliveredActions, loadWriteFeatures } from '../staff/read/load-portal-actions.js';
import { findPortalAction } from '../store/portal-actions/find-portal-action.js';
import { retryPortalAction } from '../outbox/retry-portal-action.js';

interface ApiHelpers {
  /** Registers one ADMIN_ROUTES operation: its input is validated by its schemas before `work` runs. */
  route(operationId: AdminOperationId, work: (req: express.Request) => unknown): void;
  positive(value: unknown, what: string): number;
  actor(req: express.Request): StaffActor;
  badRequest(message: string): Error;
}

/**
 * The staff console's pages as JSON, for scripts: connections with their sync health and webhook
 * setup, Run now / Full resync, disconnect, sync runs, dead letters (list, replay, discard), and the
 * audit log with the console's filters. Same services as the console, same audit rows.
 */
export function registerOperationsApi(app: AppContext, { route, positive, actor, badRequest }: ApiHelpers): void {
  const connectionId = async (value: unknown) => {
    const id = positive(value, 'connection id');
    const connection = await findConnection(app.store.db, id);
    if (!connection || connection.workspaceId !== app.workspaceId) throw new Error(`No connection ${id}`);
    return id;
  };
  const optionalTime = (value: unknown, what: string) => {
    if (value === undefined || value === '') return undefined;
    const at = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Date.parse(String(value));
    if (Number.isNaN(at)) throw badRequest(`${what} must be an ISO date or ms since epoch`);
    return at;
  };

  route('listConnections', async () => ({ connections: await loadSyncHealth(app, Date.now()) }));
  route('readConnection', async (req) => {
    const id = await connectionId(req.params.id);
    const [health] = await loadSyncHealth(app, Date.now(), id);
    const [webhook] = await loadWebhookSetup(app, id);
    return { ...health, webhook: webhook ?? null };
  });
  route('listWebhooks', async () => ({ webhooks: await loadWebhookSetup(app) }));
  route('runSync', async (req) => {
    const body = (req.body ?? {}) as { objectType?: unknown; full?: unknown };
    const result = await runSyncNow(app, actor(req), { connectionId: await connectionId(req.params.id), objectType: typeof body.objectType === 'string' ? body.objectType : undefined, full: body.full === true });
    if (!result.ok) throw result.reason === 'unknown_object' ? badRequest('no such object type on this connection') : new Error(`Connection is ${result.reason === 'not_active' ? 'disconnected' : 'unknown'}`);
    return result;
  });
  route('disconnect', async (req) => {
    const body = (req.body ?? {}) as { purge?: unknown; confirm?: unknown };
    const result = await disconnectConnection(app, actor(req), await connectionId(req.params.id), { purge: body.purge === true, confirmation: body.confirm });
    if (!result.ok) throw badRequest(result.reason === 'confirmation' ? 'purge needs confirm set to the provider name' : 'no such connection');
    return result;
  });
  route('listSyncRuns', async (req) => {
    const limit = req.query.limit === undefined ? 50 : Math.min(500, positive(req.query.limit, 'limit'));
    return { runs: await listSyncRuns(app.store.db, { connectionId: req.query.connectionId === undefined ? undefined : await connectionId(req.query.connectionId), limit }) };
  });
  route('listDeadLetters', async (req) => {
    const status = String(req.query.status ?? 'open');
    if (!['open', 'replayed', 'discarded', 'all'].includes(status)) throw badRequest('status must be open, replayed, discarded or all');
    return { deadLetters: (await listDeadLetters(app.store.db, status as 'open')).filter((l) => l.workspaceId === app.workspaceId) };
  });
  route('replayDeadLetter', async (req) => {
    const result = await replayDeadLetter(app, positive(req.params.id, 'dead letter id'), { actor: actor(req).id });
    if (!result.ok) throw new Error(result.reason);
    return result;
  });
  route('discardDeadLetter', async (req) => {
    const note = (req.body as { note?: unknown } | undefined)?.note;
    await discardDeadLetter(app, positive(req.params.id, 'dead letter id'), typeof note === 'string' ? note.slice(0, 500) : null, { actor: actor(req).id });
  });
  route('listPortalActions', async () => ({ clients: await loadUndeliveredActions(app), features: await loadWriteFeatures(app) }));
  route('retryPortalAction', async (req) => {
    const id = positive(req.params.id, 'portal action id');
    const action = await findPortalAction(app.store.db, id);
    if (!action || action.workspaceId !== app.workspaceId) throw new Error(`No portal action ${id}`);
    const result = await retryPortalAction(app, id, { actor: actor(req).id });
    if (!result.ok) throw new Error(result.reason);
    return result;
  });
  route('queryAudit', (req) => {
    const q = req.query as Record<string, unknown>;
    return queryAuditLog(app.store.db, app.workspaceId, {
      actor: typeof q.actor === 'string' ? q.actor : undefined,
      action: typeof q.action === 'string' ? q.action : undefined,
      clientId: q.clientId === undefined ? undefined : positive(q.clientId, 'clientId'),
      from: optionalTime(q.from, 'from'),
      to: optionalTime(q.to, 'to'),
      page: q.page === undefined ? 1 : positive(q.page, 'page'),
      pageSize: q.pageSize === undefined ? 100 : Math.min(500, positive(q.pageSize, 'pageSize')),
    });
  });
}
