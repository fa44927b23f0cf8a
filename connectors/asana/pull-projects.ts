import type { ConnectorContext, PullOptions, PullPage } from '../../src/connector-kit/index.js';
import type { AsanaProject } from './asana-types.js';
import { listProjectPages } from './list-projects.js';
import { readTaskCounts } from './read-task-counts.js';
import { toPulledProject } from './to-pulled.js';
import { forgetTouchedProjects, touchedProjects } from './touched-projects.js';

type TaskCounts = NonNullable<AsanaProject['clienthub_task_counts']>;

/** Counts older than this are read again even when no task change was seen (a missed touch heals within a day). */
export const COUNTS_MAX_AGE_MS = 24 * 3600_000;

export interface ProjectCursor {
  listedAt: number;
  /** Per live project: its task counts (null where Asana refuses them) and when they were read. */
  counts?: Record<string, { counts: TaskCounts | null; at: number }>;
}

function readCursor(value: unknown): ProjectCursor | null {
  const cursor = value as Partial<ProjectCursor> | null;
  return cursor && typeof cursor.listedAt === 'number' ? { listedAt: cursor.listedAt, counts: cursor.counts ?? {} } : null;
}

/**
 * Projects have no modified-since filter and no workspace-wide event stream on most plans, so each
 * pull lists every project of the workspace (100 a page) — a true full listing, which lets the
 * engine mark projects that vanished as deleted. Task counts (percent complete) are read again
 * only for projects whose tasks the task pull saw change, projects never counted, and counts a day
 * old; the rest keep the counts the cursor holds, so an unchanged workspace costs the listing alone
 * instead of a request per project. Archived projects do not change and get none.
 */
export async function* pullProjects(ctx: ConnectorContext, options: PullOptions): AsyncGenerator<PullPage> {
  const listedAt = Date.now();
  const previous = readCursor(options.cursor)?.counts ?? {};
  const touched = touchedProjects(ctx);
  const counts: NonNullable<ProjectCursor['counts']> = {};
  const counted = new Set<string>();
  for await (const page of listProjectPages(ctx)) {
    const records = [];
    for (const project of page) {
      let known: { counts: TaskCounts | null; at: number } | null = null;
      if (!project.archived) {
        const cached = previous[project.gid];
        if (cached && !touched.has(project.gid) && listedAt - cached.at < COUNTS_MAX_AGE_MS) known = cached;
        else {
          known = { counts: await readTaskCounts(ctx, project.gid), at: Date.now() };
          counted.add(project.gid);
        }
        counts[project.gid] = known;
      }
      records.push(toPulledProject({ ...project, clienthub_task_counts: known?.counts ?? null }));
    }
    yield { records, cursor: { listedAt, counts: { ...previous, ...counts } } satisfies ProjectCursor };
  }
  yield { records: [], cursor: { listedAt, counts } satisfies ProjectCursor, complete: true };
  // Only once the counts are stored with the listing: a run cut short reads them again next time.
  forgetTouchedProjects(ctx, counted);
}
