import type { Queryable } from '../../src/store/store.js';
import { listClientRecords, todayOf } from '../../src/records/client-records.js';
import { isClientPerson, loadClientPeople } from '../loaders/client-people.js';
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
  const people = await loadClientPeople(q, clientId);
  const approvals: WaitingItem[] = (await loadApprovals(q, clientId))
    .filter((item) => item.shownStatus === 'pending' && !item.answerInFlight && (item.forClient || isClientPerson(people, { email: item.assigneeEmail, name: item.assigneeName })))
    .map((item) => ({ kind: 'approval', name: item.name, href: `/approvals/${item.recordId}`, dueDate: item.dueDate, overdue: overdue(item.dueDate) }));
  const liveProjects = new Map((await listClientRecords(q, clientId, 'project')).filter((p) => !p.data.archived).map((p) => [`${p.connectionId}:${p.externalId}`, p.id]));
  const tasks: WaitingItem[] = [];
  for (const task of await listClientRecords(q, clientId, 'task')) {
    const data = task.data;
    const projectId = liveProjects.get(`${task.connectionId}:${data.projectExternalId ?? ''}`);
    if (projectId === undefined || !data.clientVisible || data.completed || data.isMilestone || data.approvalStatus != null) continue;
    if (!(data.forClient || isClientPerson(people, { email: data.assigneeEmail ?? null, name: data.assigneeName }))) continue;
    tasks.push({ kind: 'task', name: data.name, href: `/projects/${projectId}`, dueDate: data.dueDate, overdue: overdue(data.dueDate) });
  }
  // Published HubSpot quotes not yet signed or accepted, and not expired: the client's to review and sign.
  const quotes: WaitingItem[] = (await loadQuotes(q, clientId, now))
    .filter((quote) => quote.state === 'open')
    .map((quote) => ({ kind: 'quote', name: quote.title, href: `/approvals#quote-${quote.recordId}`, dueDate: quote.expiresOn, overdue: false }));
  return [...approvals, ...quotes, ...tasks].sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
}
