import type { Queryable } from '../../src/store/store.js';
import type { Project, Task } from '../../src/model/unified-model.js';
import { findClientRecord, listClientRecords, todayOf, type ClientRecord } from '../../src/records/client-records.js';
import { isClientPerson, loadClientPeople, type ClientPeople } from './client-people.js';

export interface TaskItem {
  recordId: number;
  name: string;
  isMilestone: boolean;
  phase: string | null;
  assigneeName: string | null;
  dueDate: string | null;
  completed: boolean;
  completedAt: string | null;
  overdue: boolean;
  assigneeEmail: string | null;
  forClient: boolean;
  approvalStatus: Task['approvalStatus'];
}

export interface ProjectSummary {
  recordId: number;
  name: string;
  provider: string;
  /** Newest sync of the project or any of its shown tasks: how fresh the figures are. */
  syncedAt: number;
  dueDate: string | null;
  /** The provider's figure, or else the share of client-visible tasks completed; null with neither. */
  percentComplete: number | null;
  statusColor: Project['statusColor'];
  statusText: string | null;
  archived: boolean;
  nextMilestone: TaskItem | null;
}

export interface ProjectDetail extends ProjectSummary {
  ownerName: string | null;
  phases: { name: string; tasks: TaskItem[] }[];
  /** Milestones and tasks by due date (undated last). */
  timeline: TaskItem[];
  waitingOnClient: TaskItem[];
}

/**
 * Projects of the client, live ones first. A project's tasks are the client's tasks of the same
 * connection whose projectExternalId is the project's id; tasks not marked clientVisible are
 * internal work and are dropped here, before anything can render them.
 */
export async function listProjects(q: Queryable, clientId: number, now: number): Promise<ProjectSummary[]> {
  const tasks = await visibleTasks(q, clientId);
  return (await listClientRecords(q, clientId, 'project'))
    .map((project) => summarize(project, tasksOf(project, tasks), now))
    .sort((a, b) => Number(a.archived) - Number(b.archived) || compareDates(a.dueDate, b.dueDate) || a.recordId - b.recordId);
}

export async function loadProject(q: Queryable, clientId: number, projectRecordId: number, now: number): Promise<ProjectDetail | null> {
  const project = await findClientRecord(q, clientId, 'project', projectRecordId);
  if (!project) return null;
  const tasks = tasksOf(project, await visibleTasks(q, clientId));
  const summary = summarize(project, tasks, now);
  const items = tasks.map((t) => toItem(t, now)).sort(byDueDate);
  const phases = new Map<string, TaskItem[]>();
  for (const item of items) {
    const phase = item.phase ?? 'Other work';
    phases.set(phase, [...(phases.get(phase) ?? []), item]);
  }
  const people = await loadClientPeople(q, clientId);
  return {
    ...summary,
    ownerName: project.data.ownerName,
    phases: [...phases].map(([name, phaseTasks]) => ({ name, tasks: phaseTasks })),
    timeline: items,
    waitingOnClient: items.filter((item) => isWaitingOnClient(item, people)),
  };
}

/**
 * What is waiting on the client: open, client-visible tasks and pending approvals (not milestones,
 * which are outcomes, not to-dos) that are explicitly marked for the client (ASANA_CLIENT_ACTION_TAG),
 * or assigned to one of the client's own people (client-people.ts). An unassigned task, or one a
 * freelancer or the business's staff holds, is not the client's turn.
 */
export function isWaitingOnClient(task: TaskItem, people: ClientPeople): boolean {
  if (task.completed || task.isMilestone) return false;
  if (task.approvalStatus !== null && task.approvalStatus !== 'pending') return false;
  return task.forClient || isClientPerson(people, { email: task.assigneeEmail, name: task.assigneeName });
}

async function visibleTasks(q: Queryable, clientId: number): Promise<ClientRecord<'task'>[]> {
  return (await listClientRecords(q, clientId, 'task')).filter((task) => task.data.clientVisible === true);
}

function tasksOf(project: ClientRecord<'project'>, tasks: ClientRecord<'task'>[]): ClientRecord<'task'>[] {
  return tasks.filter((t) => t.connectionId === project.connectionId && t.data.projectExternalId === project.externalId);
}

function summarize(project: ClientRecord<'project'>, tasks: ClientRecord<'task'>[], now: number): ProjectSummary {
  const items = tasks.map((t) => toItem(t, now));
  const nextMilestone = items.filter((t) => t.isMilestone && !t.completed).sort(byDueDate)[0] ?? null;
  return {
    recordId: project.id,
    name: project.data.name,
    provider: project.provider,
    syncedAt: Math.max(project.syncedAt, ...tasks.map((t) => t.syncedAt)),
    dueDate: project.data.dueDate,
    percentComplete: project.data.percentComplete ?? derivedPercent(tasks),
    statusColor: project.data.statusColor,
    statusText: project.data.statusText,
    archived: project.data.archived,
    nextMilestone,
  };
}

function derivedPercent(tasks: ClientRecord<'task'>[]): number | null {
  if (tasks.length === 0) return null;
  return Math.round((100 * tasks.filter((t) => t.data.completed).length) / tasks.length);
}

function toItem(task: ClientRecord<'task'>, now: number): TaskItem {
  const data: Task = task.data;
  return {
    recordId: task.id,
    name: data.name,
    isMilestone: data.isMilestone,
    phase: data.phase,
    assigneeName: data.assigneeName,
    dueDate: data.dueDate,
    completed: data.completed,
    completedAt: data.completedAt,
    overdue: !data.completed && data.dueDate != null && data.dueDate.slice(0, 10) < todayOf(now),
    assigneeEmail: data.assigneeEmail ?? null,
    forClient: data.forClient ?? false,
    approvalStatus: data.approvalStatus ?? null,
  };
}

function byDueDate(a: TaskItem, b: TaskItem): number {
  return compareDates(a.dueDate, b.dueDate) || a.recordId - b.recordId;
}

/** Earlier first; no date last. */
function compareDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.slice(0, 10) < b.slice(0, 10) ? -1 : a.slice(0, 10) > b.slice(0, 10) ? 1 : 0;
}
