import type { AppContext } from '../app/app-context.js';
import { listLiveConnections, type LiveConnectionRow } from '../store/connections/list-live-connections.js';

/** One answer per request (a failed read is not kept: the next ask tries again). */
const answered = new WeakMap<object, Promise<LiveConnectionRow[]>>();

/**
 * The workspace's live connections, read once per `request`: a portal page asks twice, for the
 * modules it offers (available-modules.ts) and for its stale-source notice. Without a request,
 * every call reads.
 */
export function readRequestConnections(app: AppContext, request?: object): Promise<LiveConnectionRow[]> {
  const known = request ? answered.get(request) : undefined;
  if (known) return known;
  const answer = listLiveConnections(app.store.db, app.workspaceId);
  if (request) {
    answered.set(request, answer);
    answer.catch(() => answered.delete(request));
  }
  return answer;
}
