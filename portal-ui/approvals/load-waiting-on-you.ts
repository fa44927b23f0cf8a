import type { Queryable } from '../../src/store/store.js';
import { listClientRecords, todayOf, type ClientRecord } from '../../src/records/client-records.js';
import { isClientPerson, loadClientPeople, type Assignee } from '../loaders/client-people.js';
import { loadApprovals } from './load-approvals.js';
import { loadQuotes } from './load-quotes.js';

export interface WaitingItem {
  kind: 'approval' | 'task' | 'quote';
  name: string;
  /** Where the client acts on it: the approval's page, or the task's project. */
  href: string;
  dueDate: string | null;
  overdue: boolean;
}

/**
 * The dashboard's "Waiting on you": approvals still pending with no answer of the client's on its
 * way, and open client-visible tasks of live projects assigned to the client's people or marked for
 * the client (load-projects.ts isWaitingOnClient, the same rule as on each project page). The
 * rule holds for approvals too: the Approvals page lists every client-visible one, but only those
 * assigned to the client's people (or marked for them) are waiting on the client.
 */
export async function loadWaitingOnYou(q: Queryable, clientId: number, now: number): Promise<WaitingItem[]> {
  const today = todayOf(now);
  const overdue = (due: string | null) => due != null && due.slice(0, 10) < today;
  const pending = (await loadApprovals(q, clientId)).filter((item) => item.shownStatus === 'pending' && !item.answerInFlight);
  const liveProjects = new Map((await listClientRecords(q, clientId, 'project')).filter((p) => !p.data.archived).map((p) => [`${p.connectionId}:${p.externalId}`, p.id]));
  const open: { task: ClientRecord<'task'>; projectId: number }[] = [];
  for (const task of await listClientRecords(q, clientId, 'task')) {
    const data = task.data;
    const projectId = liveProjects.get(`${task.connectionId}:${data.projectExternalId ?? ''}`);
    if (projectId === undefined || !data.clientVisible || data.completed || data.isMilestone || data.approvalStatus != null) continue;
    open.push({ task, projectId });
  }
  // Whose turn it is, asked only about the assignees of what is not marked for the client already.
  const assigneeOf = (item: { assigneeEmail?: string | null; assigneeName: string | null }): Assignee => ({ email: item.assigneeEmail ?? null, name: item.assigneeName });
  const asked = [...pending.filter((item) => !item.forClient).map(assigneeOf), ...open.filter(({ task }) => !task.data.forClient).map(({ task }) => assigneeOf(task.data))];
  const people = await loadClientPeople(q, clientId, asked);
  const approvals: WaitingItem[] = pending
    .filter((item) => item.forClient || isClientPerson(people, assigneeOf(item)))
    .map((item) => ({ kind: 'approval', name: item.name, href: `/approvals/${item.recordId}`, dueDate: item.dueDate, overdue: overdue(item.dueDate) }));
  const tasks: WaitingItem[] = open
    .filter(({ task }) => task.data.forClient || isClientPerson(people, assigneeOf(task.data)))
    .map(({ task, projectId }) => ({ kind: 'task', name: task.data.name, href: `/projects/${projectId}`, dueDate: task.data.dueDate, overdue: overdue(task.data.dueDate) }));
  // Published HubSpot quotes not yet signed or accepted, and not expired: the client's to review and sign.
  const quotes: WaitingItem[] = (await loadQuotes(q, clientId, now))
    .filter((quote) => quote.state === 'open')
    .map((quote) => ({ kind: 'quote', name: quote.title, href: `/approvals#quote-${quote.recordId}`, dueDate: quote.expiresOn, overdue: false }));
  return [...approvals, ...quotes, ...tasks].sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
}
