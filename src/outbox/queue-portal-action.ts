import type { AppContext } from '../app/app-context.js';
import type { WriteOperationInputs, WriteOperationName } from '../connector-kit/connector.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { insertPortalAction } from '../store/portal-actions/insert-portal-action.js';
import { findRecordExternalId } from '../store/records/find-record-external-id.js';
import { enqueueWithin } from '../jobs/enqueue-within.js';
import type { PortalAction } from './portal-action.js';
import type { RecordKind } from '../model/unified-model.js';
import { findWriteTarget } from './write-availability.js';

/** What the portal supplies; the outbox adds the key, the author and the anchoring record's id. */
export type ActionFields<N extends WriteOperationName> = Omit<WriteOperationInputs[N], 'key' | 'authorName' | 'authorEmail' | 'anchor' | 'companyExternalId' | 'contactExternalId' | 'requestExternalId' | 'projectExternalId' | 'taskExternalId'>;

export interface QueueActionInput<N extends WriteOperationName> {
  clientId: number;
  user: { id: number; name: string; email: string | null; contactRecordId: number | null };
  operation: N;
  /** From the form (a hidden field minted when it was shown): the same form sent twice is one action. */
  idempotencyKey: string;
  fields: ActionFields<N>;
  /** The client's record the write hangs on (the request replied to, the project); the first one when absent. */
  anchorRecordId?: number;
  /** Without a record: the kind whose first record it hangs on (an upload from the Documents page: the client's company). */
  anchorKind?: RecordKind;
  ip?: string | null;
}

export type QueueActionOutcome = { ok: true; action: PortalAction; created: boolean } | { ok: false; reason: 'unavailable' };

/** How long the portal waits for the queue before answering anyway (the scheduler queues it later). */
const ENQUEUE_BOUND_MS = 2_000;

/**
 * Stores a portal action with its audit row in one transaction, then queues its job. Once this
 * returns, nothing is lost: if the queue was unreachable, the scheduler finds the pending action
 * (requeue-stale-actions.ts). The write is decided here, not in the job: the connection serving the
 * client's anchoring record whose grant allows it (write-availability.ts).
 */
export async function queuePortalAction<N extends WriteOperationName>(app: AppContext, input: QueueActionInput<N>): Promise<QueueActionOutcome> {
  const target = await findWriteTarget(app, input.clientId, input.operation, input.anchorRecordId ?? (input.anchorKind ? { kind: input.anchorKind } : undefined));
  if (!target) return { ok: false, reason: 'unavailable' };
  const contactExternalId = input.user.contactRecordId == null
    ? null
    : await findRecordExternalId(app.store.db, input.user.contactRecordId, target.connection.id);
  const anchor: Record<WriteOperationName, Record<string, unknown>> = {
    createRequest: { companyExternalId: target.anchorExternalId, contactExternalId },
    addRequestMessage: { requestExternalId: target.anchorExternalId },
    addConversationComment: { projectExternalId: target.anchorExternalId },
    answerApproval: { taskExternalId: target.anchorExternalId },
    uploadDocument: target.anchorKind === 'company' ? { anchor: 'company', companyExternalId: target.anchorExternalId } : { anchor: 'project', projectExternalId: target.anchorExternalId },
  };
  const payload = { ...input.fields, ...anchor[input.operation], authorName: input.user.name, authorEmail: input.user.email };
  const outcome = await app.store.transaction(async (tx) => {
    const inserted = await insertPortalAction(tx, {
      workspaceId: target.connection.workspaceId,
      clientId: input.clientId,
      portalUserId: input.user.id,
      connectionId: target.connection.id,
      operation: input.operation,
      idempotencyKey: input.idempotencyKey,
      payload,
    });
    // An action of another client under the same key is not this client's to see: refuse it as unavailable.
    if (!inserted.created && inserted.action.clientId !== input.clientId) return null;
    if (inserted.created) {
      await insertAuditEntry(tx, {
        workspaceId: target.connection.workspaceId,
        actorType: 'portal_user',
        actorId: input.user.id,
        action: 'portal_action.queued',
        subjectType: 'portal_action',
        subjectId: inserted.action.id,
        clientId: input.clientId,
        ip: input.ip ?? null,
        details: { operation: input.operation, provider: target.connection.provider, connectionId: target.connection.id },
      });
    }
    return inserted;
  });
  if (!outcome) return { ok: false, reason: 'unavailable' };
  if (outcome.created) await enqueueAction(app, outcome.action.id);
  return { ok: true, ...outcome };
}

/** One job per action at a time: its dedupe key keeps a retry from running beside a running attempt. */
export function enqueueAction(app: AppContext, actionId: number): Promise<string | null> {
  return enqueueWithin(app, ENQUEUE_BOUND_MS, 'outbox.perform', { actionId }, { dedupeKey: `action:${actionId}` });
}
