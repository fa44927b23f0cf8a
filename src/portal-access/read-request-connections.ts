import type { AppContext } from '../app/app-context.js';
import { listLiveConnections, type LiveConnectionRow } from '../store/connections/list-live-connections.js';
import { oncePerRequest } from './once-per-request.js';

const readOnce = oncePerRequest((_request, app: AppContext) => listLiveConnections(app.store.db, app.workspaceId));

/**
 * The workspace's live connections, read once per `request`: a portal page asks twice, for the
 * modules it offers (available-modules.ts) and for its stale-source notice. Without a request,
 * every call reads.
 */
export function readRequestConnections(app: AppContext, request?: object): Promise<LiveConnectionRow[]> {
  return readOnce(request, app);
}
