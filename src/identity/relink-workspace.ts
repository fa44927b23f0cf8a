import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { resolveLinks, type ResolveSummary } from './resolve-links.js';

/** Every live record of the workspace re-evaluated from the cache, in one transaction (no provider is called). */
export function relinkWorkspace(app: AppContext): ResolveSummary & { ms: number } {
  const started = performance.now();
  const summary = writeTransaction(app.db, () => resolveLinks(app.db, app.workspaceId, app.config.identity));
  const ms = Math.round(performance.now() - started);
  if (summary.linked + summary.unlinked + summary.reviewed > 0) app.logger.info('records relinked', { ...summary, ms });
  return { ...summary, ms };
}
