import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import { resolveDeadLetterSync } from '../sync/dead-letters-sync.js';
import { getAction, reopenAction } from './action-repository.js';
import { enqueueAction } from './queue-portal-action.js';

/**
 * Staff retry of an undelivered action (from the console, or by replaying its dead letter): it is
 * pending again with fresh attempts, its dead letter closed as replayed. Performing it again is safe:
 * the job looks the object up by the action's key before creating it.
 */
export async function retryPortalAction(app: AppContext, actionId: number, by: { actor: string }): Promise<{ ok: true } | { ok: false; reason: string }> {
  const action = getAction(app.db, actionId);
  if (!action || action.status !== 'failed') return { ok: false, reason: 'no undelivered action with that id' };
  writeTransaction(app.db, () => {
    reopenAction(app.db, action.id);
    if (action.deadLetterId != null) resolveDeadLetterSync(app.db, action.deadLetterId, 'replayed', 'retried');
    writeAudit(app.db, {
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
