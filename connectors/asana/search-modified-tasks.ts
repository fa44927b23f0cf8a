import { type ConnectorContext, ProviderError } from '../../src/connector-kit/index.js';
import { asanaMillis, type AsanaTask } from './asana-types.js';
import type { AsanaAnswer } from './asana-client.js';
import { callAsana } from './call-asana.js';
import { PAGE_LIMIT, TASK_FIELDS } from './opt-fields.js';
import { workspaceGid } from './list-projects.js';

/** The workspace's plan has no search API (Asana answers 402 Payment Required). */
export class SearchUnavailable extends Error {}

/** More tasks share one modified_at millisecond than a search answer holds: the window cannot move on. */
export class SearchWindowStuck extends Error {}

/**
 * Every task of the workspace modified after `after`, oldest change first, through the search API
 * (GET /workspaces/{gid}/tasks/search, paid plans): one request when nothing changed, however
 * many projects there are. Search answers are not paged: a full answer (100) is followed by
 * another search from the last modified_at seen, less a millisecond so ties are not skipped
 * (the repeats are dropped here).
 */
export async function* searchModifiedTasks(ctx: ConnectorContext, after: Date): AsyncGenerator<AsanaTask[]> {
  const workspace = await workspaceGid(ctx);
  const seen = new Set<string>();
  for (let from = after.getTime(); ; ) {
    const answer = await searchOnce(ctx, workspace, from);
    const tasks = answer?.data ?? [];
    const fresh = tasks.filter((task) => !seen.has(task.gid));
    for (const task of fresh) seen.add(task.gid);
    if (fresh.length) yield fresh;
    if (tasks.length < PAGE_LIMIT) return;
    const last = asanaMillis(tasks.at(-1)!.modified_at);
    if (last == null || last - 1 <= from) throw new SearchWindowStuck(`more than ${PAGE_LIMIT} Asana tasks share modified_at ${tasks.at(-1)!.modified_at}`);
    from = last - 1;
  }
}

async function searchOnce(ctx: ConnectorContext, workspace: string, from: number): Promise<{ data?: AsanaTask[] }> {
  try {
    return await callAsana<{ data?: AsanaTask[] }>(
      ctx,
      (apis) =>
        // `limit` is documented ("page sizes are limited to a maximum of 100 items") but missing from the SDK's types.
        apis.tasks.searchTasksForWorkspaceWithHttpInfo(workspace, {
          'modified_at.after': new Date(from).toISOString(),
          sort_by: 'modified_at',
          sort_ascending: true,
          limit: PAGE_LIMIT,
          opt_fields: TASK_FIELDS,
        } as Parameters<typeof apis.tasks.searchTasksForWorkspaceWithHttpInfo>[1]) as Promise<AsanaAnswer<{ data?: AsanaTask[] }>>,
      { search: true },
    );
  } catch (caught) {
    if (caught instanceof ProviderError && caught.status === 402) throw new SearchUnavailable(`${caught.message} — this workspace has no search API (a free plan): set ASANA_TIER=free`);
    throw caught;
  }
}
