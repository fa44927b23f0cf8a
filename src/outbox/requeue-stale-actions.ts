import type { AppContext } from '../app/app-context.js';
import { listStalePendingActions } from '../store/portal-actions/list-stale-pending-actions.js';
import { enqueueAction } from './queue-portal-action.js';

/**
 * Queues pending actions that have waited a while (their job was never queued: the queue was down
 * when the client acted, or the job was lost). Run by the scheduler tick; an action whose job is
 * waiting (a scheduled retry) or running is absorbed by its dedupe key.
 */
export async function requeueStaleActions(app: AppContext, now = Date.now()): Promise<number> {
  const staleAfterMs = Math.max(app.config.jobs.lockMs * 4, 60_000);
  let queued = 0;
  for (const action of await listStalePendingActions(app.store.db, now - staleAfterMs)) {
    if ((await enqueueAction(app, action.id)) !== null) queued++;
  }
  return queued;
}
