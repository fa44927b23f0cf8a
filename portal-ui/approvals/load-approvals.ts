import type { Queryable } from '../../src/store/store.js';
import type { ApprovalStatus } from '../../src/model/unified-model.js';
import type { AnswerApprovalInput } from '../../src/connector-kit/connector.js';
import type { PortalAction } from '../../src/outbox/portal-action.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';
import { listClientRecords, type ClientRecord } from '../../src/records/client-records.js';

export type ApprovalAnswer = AnswerApprovalInput['answer'];

/** The client's latest answer given in the portal, as the outbox holds it. */
export interface PortalAnswer {
  actionId: number;
  answer: ApprovalAnswer;
  comment: string;
  authorName: string;
  /** pending: not yet confirmed by the provider; failed: dead-lettered (staff told); done: the provider has it. */
  delivery: PortalAction['status'];
  answeredAt: number;
}

export interface ApprovalItem {
  recordId: number;
  name: string;
  projectName: string | null;
  projectRecordId: number | null;
  dueDate: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  /** Marked for the client (ASANA_CLIENT_ACTION_TAG). */
  forClient: boolean;
  /** The provider's own state, as last synced. */
  providerStatus: ApprovalStatus;
  /** What the portal shows: the client's answer at once (while the provider has not said otherwise), then the provider's. */
  shownStatus: ApprovalStatus;
  /** True while the client's answer is on its way (or stuck): shown as "sent" / "not delivered yet". */
  answerInFlight: boolean;
  lastPortalAnswer: PortalAnswer | null;
  provider: string;
  syncedAt: number;
}

/**
 * The client's approvals: approval tasks of the client's projects that the workspace's
 * client-visibility rule shows (internal approvals never reach this list), newest need first:
 * pending ones by due date, then answered ones.
 */
export async function loadApprovals(q: Queryable, clientId: number): Promise<ApprovalItem[]> {
  const approvals = (await listClientRecords(q, clientId, 'task')).filter((task) => task.data.clientVisible === true && task.data.approvalStatus != null);
  // Projects and the client's answers matter only to approvals: a client with none (most dashboards) needs neither read.
  if (approvals.length === 0) return [];
  const projects = new Map((await listClientRecords(q, clientId, 'project')).map((project) => [`${project.connectionId}:${project.externalId}`, project]));
  const answers = await latestAnswers(q, clientId);
  return approvals
    .map((task) => toItem(task, projects.get(`${task.connectionId}:${task.data.projectExternalId ?? ''}`) ?? null, answers.get(task.externalId + '@' + task.connectionId) ?? null))
    .sort((a, b) => Number(a.shownStatus !== 'pending') - Number(b.shownStatus !== 'pending') || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.recordId - b.recordId);
}

export async function loadApproval(q: Queryable, clientId: number, recordId: number): Promise<ApprovalItem | null> {
  return (await loadApprovals(q, clientId)).find((item) => item.recordId === recordId) ?? null;
}

async function latestAnswers(q: Queryable, clientId: number): Promise<Map<string, PortalAnswer>> {
  const byTask = new Map<string, PortalAnswer>();
  // Newest first: the first action seen per task is its latest answer.
  for (const action of await listClientActions(q, clientId, { operation: 'answerApproval' })) {
    const payload = action.payload as Partial<AnswerApprovalInput>;
    const key = `${String(payload.taskExternalId)}@${action.connectionId}`;
    if (byTask.has(key) || !payload.answer) continue;
    byTask.set(key, { actionId: action.id, answer: payload.answer, comment: payload.comment ?? '', authorName: payload.authorName ?? '', delivery: action.status, answeredAt: action.createdAt });
  }
  return byTask;
}

function toItem(task: ClientRecord<'task'>, project: ClientRecord<'project'> | null, answer: PortalAnswer | null): ApprovalItem {
  const providerStatus = task.data.approvalStatus ?? 'pending';
  // The client's answer shows at once; once the provider reports a decision (any), its word is final.
  const answerInFlight = answer !== null && answer.delivery !== 'done' ? providerStatus === 'pending' : answer !== null && providerStatus === 'pending';
  return {
    recordId: task.id,
    name: task.data.name,
    projectName: project?.data.name ?? null,
    projectRecordId: project?.id ?? null,
    dueDate: task.data.dueDate,
    assigneeName: task.data.assigneeName,
    assigneeEmail: task.data.assigneeEmail ?? null,
    forClient: task.data.forClient ?? false,
    providerStatus,
    shownStatus: answerInFlight ? answer!.answer : providerStatus,
    answerInFlight,
    lastPortalAnswer: answer,
    provider: task.provider,
    syncedAt: task.syncedAt,
  };
}
