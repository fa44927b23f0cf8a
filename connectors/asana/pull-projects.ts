import type { ConnectorContext, PullPage } from '../../src/connector-kit/connector.js';
import { listProjectPages } from './list-projects.js';
import { readTaskCounts } from './read-task-counts.js';
import { toPulledProject } from './to-pulled.js';

/**
 * Projects have no modified-since filter and no workspace-wide event stream, so each pull lists
 * every project of the workspace (100 a page) — a true full listing, which lets the engine mark
 * projects that vanished as deleted. Live projects get their task counts (percent complete);
 * archived ones do not change, and are not worth a request each.
 */
export async function* pullProjects(ctx: ConnectorContext): AsyncGenerator<PullPage> {
  const listedAt = Date.now();
  for await (const page of listProjectPages(ctx)) {
    const records = [];
    for (const project of page) {
      const counts = project.archived ? null : await readTaskCounts(ctx, project.gid);
      records.push(toPulledProject({ ...project, clienthub_task_counts: counts }));
    }
    yield { records, cursor: { listedAt } };
  }
  yield { records: [], cursor: { listedAt }, complete: true };
}
