import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { resolveDeadLetter } from '../store/sync/resolve-dead-letter.js';
import { findPortalAction } from '../store/portal-actions/find-portal-action.js';
import { updateActionReopened } from '../store/portal-actions/update-action-reopened.js';
import { enqueueAction } from './queue-portal-action.js';

/**
 * Staff retry of an undelivered action (from the console, or by replaying its dead letter): it is
 * pending again with fresh attempts, its dead letter closed as replayed. Performing it again is safe:
 * the job looks the object up by the action's key before creating it.
 */
export async function retryPortalAction(app: AppContext, actionId: number, by: { actor: string }): Promise<{ ok: true } | { ok: false; reason: string }> {
  const action = await findPortalAction(app.store.db, actionId);
  if (!action || action.status !== 'failed') return { ok: false, reason: 'no undelivered action with that id' };
  await app.store.transaction(async (tx) => {
    await updateActionReopened(tx, action.id);
    if (action.deadLetterId != null) await resolveDeadLetter(tx, action.deadLetterId, 'replayed', 'retried');
    await insertAuditEntry(tx, {
      workspaceId: action.workspaceId,
      actorType: by.actor === 'cli' ? 'cli' : 'staff',
      actorId: by.actor,
      action: 'portal_action.retried',
      subjectType: 'portal_action',
      subjectId: action.id,
      clientId: action.clientId,
      details: { operation: action.operation, deadLetterId: action.deadLetterId },
    });
  });
  await enqueueAction(app, action.id);
  return { ok: true };
}
