import type { ConnectorContext } from '../../src/connector-kit/index.js';
import type { AsanaProject } from './asana-types.js';
import type { AsanaAnswer } from './asana-client.js';
import { asanaStatus, callAsana } from './call-asana.js';

type TaskCounts = NonNullable<AsanaProject['clienthub_task_counts']>;

/**
 * GET /projects/{gid}/task_counts (the counts only come back when asked for by opt_fields).
 * Where Asana refuses them for this project (plan, permission, gone), percent complete is
 * simply unknown: null, not a failed pull.
 */
export async function readTaskCounts(ctx: ConnectorContext, projectGid: string): Promise<TaskCounts | null> {
  return callAsana<TaskCounts | null>(ctx, async (apis) => {
    try {
      const answer = (await apis.projects.getTaskCountsForProjectWithHttpInfo(projectGid, { opt_fields: 'num_tasks,num_completed_tasks' })) as AsanaAnswer<{ data?: TaskCounts }>;
      return { data: answer.data?.data ?? null, response: answer.response };
    } catch (caught) {
      const status = asanaStatus(caught);
      if (status === 402 || status === 403 || status === 404) return { data: null, response: {} };
      throw caught;
    }
  });
}
