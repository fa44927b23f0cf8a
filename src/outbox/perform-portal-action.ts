import type { AppContext } from '../app/app-context.js';
import type { JobInfo } from '../jobs/job-queue.js';
import type { PortalActionInput, WriteOperation, WriteResult } from '../connector-kit/connector.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findConnection } from '../store/connections/find-connection.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { isRetryable } from '../jobs/retry-policy.js';
import { recordDeadLetter } from '../sync/dead-letters.js';
import { removeStagedUpload } from '../documents/remove-staged-upload.js';
import { queueDocumentListing } from '../documents/list-record-documents.js';
import { findPortalAction } from '../store/portal-actions/find-portal-action.js';
import { updateActionAttempts } from '../store/portal-actions/update-action-attempts.js';
import { updateActionDone } from '../store/portal-actions/update-action-done.js';
import { updateActionError } from '../store/portal-actions/update-action-error.js';
import { updateActionFailed } from '../store/portal-actions/update-action-failed.js';
import { findClientRecordId } from '../store/records/find-client-record-id.js';
import type { PortalAction } from './portal-action.js';

/** The dead letters' object type for an action that could not be delivered (staff retry it from there). */
export const PORTAL_ACTION_OBJECT_TYPE = 'portal_action';

/**
 * The outbox job: performs one pending action through its connector's declared write.
 *
 * Never twice: before every attempt the write's `findExisting` looks for the object by the action's
 * key (written into it on create), so an attempt that reached the provider but died before the row
 * was marked done (a killed worker, a lost answer) is completed by the lookup, not repeated.
 * Failures the provider may recover from (429, 5xx, timeouts) throw and the job runner retries with
 * backoff (src/jobs/retry-policy.ts); a permanent one, or the last attempt, becomes a dead letter
 * with the provider's own words and the action `failed`, which the client sees as not delivered yet.
 */
export async function performPortalAction(app: AppContext, actionId: number, job: Pick<JobInfo, 'attempt' | 'maxAttempts'>): Promise<void> {
  const action = await findPortalAction(app.store.db, actionId);
  if (!action || action.status !== 'pending') return;
  const connection = await findConnection(app.store.db, action.connectionId);
  const connector = connection && app.connectors.has(connection.provider) ? app.connectors.get(connection.provider) : undefined;
  const write = connector?.writes?.[action.operation] as WriteOperation<PortalActionInput> | undefined;
  if (!connection || !write) {
    await failAction(app, action, connection?.provider ?? 'unknown', `the ${connection?.provider ?? 'connection'} connector cannot perform ${action.operation} any more`);
    return;
  }
  await updateActionAttempts(app.store.db, action.id);
  const ctx = await buildConnectorContext(app, connection);
  const input = { ...action.payload, key: action.idempotencyKey } as PortalActionInput;
  let result: WriteResult;
  try {
    result = (await write.findExisting?.(ctx, input)) ?? (await write.perform(ctx, input));
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    if (isRetryable(error) && job.attempt < job.maxAttempts) {
      await updateActionError(app.store.db, action.id, error.message);
      throw error;
    }
    await failAction(app, action, connection.provider, error.message);
    return;
  }
  await app.store.transaction(async (tx) => {
    await updateActionDone(tx, action.id, result);
    await insertAuditEntry(tx, {
      workspaceId: action.workspaceId,
      actorType: 'system',
      action: 'portal_action.delivered',
      subjectType: 'portal_action',
      subjectId: action.id,
      clientId: action.clientId,
      details: { operation: action.operation, provider: connection.provider, objectType: result.objectType, externalId: result.externalId },
    });
  });
  if (action.operation === 'uploadDocument') {
    // A delivered upload's staged file is no longer needed (issue 17)…
    await removeStagedUpload(app, action.payload);
    // …and the files of the record it went to are listed again, so the client sees it among the shared documents.
    await queueDocumentListing(app, await uploadAnchorRecords(app, action));
  }
  // The created object syncs at once, so the client's pending row becomes the CRM's own record.
  const toSync = connector!.objectTypes.some((type) => type.objectType === result.objectType) ? result : result.syncObject;
  if (toSync) await app.jobs.enqueue('records.fetch', { connectionId: connection.id, objectType: toSync.objectType, externalIds: [toSync.externalId] });
  // A message is read back with its project's thread, so the portal shows the provider's copy.
  if (action.operation === 'addConversationComment' && typeof action.payload.projectExternalId === 'string') {
    await app.jobs.enqueue('conversations.refresh', { connectionId: connection.id, projectExternalId: action.payload.projectExternalId }, { dedupeKey: `conversation:${connection.id}:${action.payload.projectExternalId}` });
  }
}

/** The client's own record an upload hung on (its company or project, on the action's connection). */
async function uploadAnchorRecords(app: AppContext, action: PortalAction): Promise<number[]> {
  const payload = action.payload as { anchor?: string; companyExternalId?: unknown; projectExternalId?: unknown };
  const [kind, externalId] = payload.anchor === 'company' ? ['company', payload.companyExternalId] : ['project', payload.projectExternalId];
  if (typeof externalId !== 'string') return [];
  const id = await findClientRecordId(app.store.db, { clientId: action.clientId, connectionId: action.connectionId, kind: kind as string, externalId });
  return id === null ? [] : [id];
}

/** Dead letter (for staff, with the provider's message) and the action failed, in one transaction. */
async function failAction(app: AppContext, action: PortalAction, provider: string, reason: string): Promise<void> {
  await app.store.transaction(async (tx) => {
    const deadLetterId = await recordDeadLetter(tx, {
      workspaceId: action.workspaceId,
      connectionId: action.connectionId,
      provider,
      objectType: PORTAL_ACTION_OBJECT_TYPE,
      externalId: String(action.id),
      stage: 'processing',
      reason: `${action.operation} not delivered: ${reason}`,
      payload: { actionId: action.id, operation: action.operation, idempotencyKey: action.idempotencyKey },
      sourceUpdatedAt: null,
    });
    await updateActionFailed(tx, action.id, reason, deadLetterId);
    await insertAuditEntry(tx, {
      workspaceId: action.workspaceId,
      actorType: 'system',
      action: 'portal_action.failed',
      subjectType: 'portal_action',
      subjectId: action.id,
      clientId: action.clientId,
      details: { operation: action.operation, provider, reason, deadLetterId },
    });
  });
  app.logger.warn('portal action not delivered: dead-lettered for staff', { actionId: action.id, operation: action.operation, provider, reason });
}
