import type { ConnectorContext } from '../../src/connector-kit/index.js';
import type { AsanaTask } from './asana-types.js';
import type { AsanaAnswer } from './asana-client.js';
import { PAGE_LIMIT, TASK_FIELDS } from './opt-fields.js';
import { listPages } from './list-pages.js';

/**
 * GET /tasks?project=… (or section=…), optionally only those modified since a time. Without
 * completed_since Asana lists completed tasks too, so a listing without modified_since is complete.
 */
export function listTaskPages(ctx: ConnectorContext, scope: { project: string } | { section: string }, modifiedSince?: Date): AsyncGenerator<AsanaTask[]> {
  return listPages<AsanaTask>(ctx, (apis, offset) =>
    apis.tasks.getTasksWithHttpInfo({
      ...scope,
      limit: PAGE_LIMIT,
      opt_fields: TASK_FIELDS,
      ...(modifiedSince ? { modified_since: modifiedSince.toISOString() } : {}),
      ...(offset ? { offset } : {}),
    }) as Promise<AsanaAnswer<{ data?: AsanaTask[] }>>,
  );
}
