import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asAsanaObject, type AsanaTask } from '../../connectors/asana/asana-types.js';
import { isClientVisible } from './client-visibility.js';
import { asanaSettings } from '../../connectors/asana/settings.js';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../../src/model/unified-model.js';

/** The project membership a task is shown under: the first one Asana lists (a task can sit in several projects). */
export function primaryMembership(task: AsanaTask) {
  return (task.memberships ?? []).find((m) => typeof m.project?.gid === 'string') ?? null;
}

/** An Asana task becomes a step of a client's project plan; its section is the phase. */
export const taskMapping: ObjectMapping<'task'> = {
  provider: 'asana',
  objectType: 'Task',
  kind: 'task',
  map(raw, context) {
    const task = asAsanaObject<AsanaTask>(raw, 'task');
    const membership = primaryMembership(task);
    const completed = task.completed === true;
    const settings = asanaSettings.read(context.config);
    return {
      projectExternalId: membership?.project?.gid ?? null,
      name: task.name ?? '',
      isMilestone: task.resource_subtype === 'milestone',
      phase: membership?.section?.name || null,
      assigneeName: task.assignee?.name || null,
      // due_on is the calendar day in the workspace's sense; due_at (a time) implies it, in UTC.
      dueDate: task.due_on || (task.due_at ? task.due_at.slice(0, 10) : null),
      completed,
      completedAt: completed ? (task.completed_at ?? null) : null,
      clientVisible: isClientVisible(task, { tag: settings.clientVisibleTag, field: settings.clientVisibleField }),
      assigneeEmail: task.assignee?.email?.trim().toLowerCase() || null,
      forClient: (task.tags ?? []).some((tag) => (tag.name ?? '').trim().toLowerCase() === settings.clientActionTag.trim().toLowerCase()),
      approvalStatus: approvalStatusOf(task),
    };
  },
};

/** Asana's approval_status, for approval tasks only; an unknown future value reads as pending (still the client's to answer). */
function approvalStatusOf(task: AsanaTask): ApprovalStatus | null {
  if (task.resource_subtype !== 'approval') return null;
  const status = task.approval_status ?? 'pending';
  return (APPROVAL_STATUSES as readonly string[]).includes(status) ? (status as ApprovalStatus) : 'pending';
}
