import type { ConnectorContext, PulledRecord } from '../../src/connector-kit/index.js';
import type { AsanaProject, AsanaTask } from './asana-types.js';
import type { AsanaAnswer, AsanaApis } from './asana-client.js';
import { asanaStatus, callAsana } from './call-asana.js';
import { PROJECT_FIELDS, TASK_FIELDS } from './opt-fields.js';
import { tombstone, toPulledProject, toPulledTask } from './to-pulled.js';
import { readTaskCounts } from './read-task-counts.js';

/** GET /tasks/{gid} or /projects/{gid}; a 404 (deleted, or never existed) comes back as null. */
async function getOne<T>(ctx: ConnectorContext, read: (apis: AsanaApis) => Promise<AsanaAnswer<{ data?: T }>>): Promise<T | null> {
  return callAsana<T | null>(ctx, async (apis) => {
    try {
      const answer = await read(apis);
      return { data: answer.data?.data ?? null, response: answer.response };
    } catch (caught) {
      if (asanaStatus(caught) === 404) return { data: null, response: {} };
      throw caught;
    }
  });
}

export async function fetchTask(ctx: ConnectorContext, gid: string): Promise<PulledRecord> {
  const task = await getOne<AsanaTask>(ctx, (apis) => apis.tasks.getTaskWithHttpInfo(gid, { opt_fields: TASK_FIELDS }) as Promise<AsanaAnswer<{ data?: AsanaTask }>>);
  return task ? toPulledTask(task) : tombstone('Task', gid);
}

export async function fetchProject(ctx: ConnectorContext, gid: string): Promise<PulledRecord> {
  const project = await getOne<AsanaProject>(ctx, (apis) => apis.projects.getProjectWithHttpInfo(gid, { opt_fields: PROJECT_FIELDS }) as Promise<AsanaAnswer<{ data?: AsanaProject }>>);
  if (!project) return tombstone('Project', gid);
  return toPulledProject({ ...project, clienthub_task_counts: project.archived ? null : await readTaskCounts(ctx, gid) });
}

/** Current state by gid, one request each (Asana has no batch read by ids); 404 → deleted. */
export async function fetchByIds(ctx: ConnectorContext, objectType: string, externalIds: string[]): Promise<PulledRecord[]> {
  if (objectType !== 'Project' && objectType !== 'Task') throw new Error(`Asana connector cannot fetch "${objectType}"`);
  const ids = [...new Set(externalIds)];
  for (const id of ids) if (!/^\d+$/.test(id)) throw new Error(`Not an Asana gid: "${id}"`);
  const out: PulledRecord[] = [];
  for (const id of ids) out.push(objectType === 'Task' ? await fetchTask(ctx, id) : await fetchProject(ctx, id));
  return out;
}
