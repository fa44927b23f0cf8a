import type { Queryable } from '../../src/store/store.js';
import type { ConversationMessage } from '../../src/conversations/conversation-repository.js';
import { countUnreadMessages } from '../../src/store/conversations/count-unread-messages.js';
import { listProjectMessages } from '../../src/store/conversations/list-project-messages.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';
import { findClientRecord, listClientRecords } from '../../src/records/client-records.js';

export interface ThreadSummary {
  projectRecordId: number;
  projectName: string;
  unread: number;
  lastMessage: ConversationMessage | null;
}

/** A client message the provider does not hold yet: sending, or not delivered (the team was told). */
export interface OutgoingMessage {
  actionId: number;
  authorName: string;
  body: string;
  createdAt: number;
  delivery: 'pending' | 'failed';
}

export interface Thread {
  projectRecordId: number;
  projectName: string;
  messages: ConversationMessage[];
  outgoing: OutgoingMessage[];
}

/** The client's projects with their conversations, unread first counted for this user. */
export async function listThreads(q: Queryable, clientId: number, portalUserId: number): Promise<ThreadSummary[]> {
  const projects = await listClientRecords(q, clientId, 'project');
  const unread = await countUnreadMessages(q, portalUserId, projects.map((project) => project.id));
  const threads: ThreadSummary[] = [];
  for (const project of projects) {
    const messages = await listProjectMessages(q, project.id);
    threads.push({ projectRecordId: project.id, projectName: project.data.name, unread: unread.get(project.id) ?? 0, lastMessage: messages.at(-1) ?? null });
  }
  return threads;
}

/** Total unread for the navigation and the dashboard. */
export async function totalUnread(q: Queryable, clientId: number, portalUserId: number): Promise<number> {
  const projects = await listClientRecords(q, clientId, 'project');
  return [...(await countUnreadMessages(q, portalUserId, projects.map((project) => project.id))).values()].reduce((sum, n) => sum + n, 0);
}

/**
 * One project's thread, for the client's own project only (else null: the portal's one 404). The
 * client's messages the provider does not hold yet are listed after it, as sending or not delivered.
 */
export async function loadThread(q: Queryable, clientId: number, projectRecordId: number): Promise<Thread | null> {
  const project = await findClientRecord(q, clientId, 'project', projectRecordId);
  if (!project) return null;
  const messages = await listProjectMessages(q, project.id);
  const delivered = new Set(messages.map((message) => message.portalActionId).filter((id) => id !== null));
  const outgoing = (await listClientActions(q, clientId, { operation: 'addConversationComment' }))
    .filter((action) => action.connectionId === project.connectionId && action.payload.projectExternalId === project.externalId && !delivered.has(action.id))
    .reverse()
    .map((action): OutgoingMessage => ({
      actionId: action.id,
      authorName: String(action.payload.authorName ?? ''),
      body: String(action.payload.body ?? ''),
      createdAt: action.createdAt,
      // Done at the provider but not read back yet: still shown as on its way.
      delivery: action.status === 'failed' ? 'failed' : 'pending',
    }));
  return { projectRecordId: project.id, projectName: project.data.name, messages, outgoing };
}
