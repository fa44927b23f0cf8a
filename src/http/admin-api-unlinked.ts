import type express from 'express';
import type { AppContext } from '../app/app-context.js';
import type { StaffActor } from '../identity/staff-actor.js';
import type { AdminOperationId } from './admin-api-schemas.js';
import { listUnlinkedRecords } from '../identity/list-unlinked-records.js';
import { linkRecordManually } from '../identity/link-record-manually.js';
import { RECORD_KINDS } from '../model/unified-model.js';

interface ApiHelpers {
  /** Registers one ADMIN_ROUTES operation: its input is validated by its schemas before `work` runs. */
  route(operationId: AdminOperationId, work: (req: express.Request) => unknown): void;
  positive(value: unknown, what: string): number;
  actor(req: express.Request): StaffActor;
  badRequest(message: string): Error;
}

/**
 * The console's "Unlinked records" as JSON: records no client has, per provider and kind, paged,
 * and linking one to a client (a manual decision, audited, refused with 409 when the record was
 * linked meanwhile).
 */
export function registerUnlinkedRecordsApi(app: AppContext, { route, positive, actor, badRequest }: ApiHelpers): void {
  route('listUnlinkedRecords', (req) => {
    const q = req.query as Record<string, unknown>;
    const text = (name: string) => (typeof q[name] === 'string' && q[name] !== '' ? String(q[name]) : undefined);
    const kind = text('kind');
    if (kind !== undefined && !(RECORD_KINDS as string[]).includes(kind)) throw badRequest(`kind must be one of ${RECORD_KINDS.join(', ')}`);
    const provider = text('provider');
    if (provider !== undefined && !/^[a-z]{2,40}$/.test(provider)) throw badRequest('provider must be a provider name, like asana');
    return listUnlinkedRecords(app.store.db, app.workspaceId, {
      provider,
      kind,
      search: text('q')?.slice(0, 200),
      page: q.page === undefined ? 1 : positive(q.page, 'page'),
      pageSize: q.pageSize === undefined ? 50 : Math.min(500, positive(q.pageSize, 'pageSize')),
    });
  });
  route('linkUnlinkedRecord', async (req) => {
    const body = (req.body ?? {}) as { clientId?: unknown; note?: unknown };
    const recordId = positive(req.params.id, 'record id');
    const clientId = positive(body.clientId, 'clientId');
    await linkRecordManually(app.store, { workspaceId: app.workspaceId, recordId, clientId, actor: actor(req), rules: app.config.identity, note: typeof body.note === 'string' ? body.note.slice(0, 500) : undefined, expectUnlinked: true });
    return { recordId, clientId };
  });
}
