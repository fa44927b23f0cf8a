import type { PulledRecord } from '../../src/connector-kit/index.js';
import { asanaMillis, type AsanaProject, type AsanaTask } from './asana-types.js';
import { primaryMembership } from '../../mappings/asana/task.js';

export function tombstone(objectType: 'Project' | 'Task', gid: string, at: number | null = null): PulledRecord {
  return { objectType, externalId: gid, updatedAt: at, deleted: true, raw: { tombstone: true, id: gid } };
}

export function toPulledProject(project: AsanaProject): PulledRecord {
  return { objectType: 'Project', externalId: project.gid, updatedAt: asanaMillis(project.modified_at), deleted: false, raw: project };
}

/**
 * A task that belongs to no project any more (a subtask only, or removed from every project) is
 * not part of any client's plan: it is treated as gone, as the next full listing would anyway.
 */
export function toPulledTask(task: AsanaTask): PulledRecord {
  if (!primaryMembership(task)) return tombstone('Task', task.gid, asanaMillis(task.modified_at));
  return { objectType: 'Task', externalId: task.gid, updatedAt: asanaMillis(task.modified_at), deleted: false, raw: task };
}
