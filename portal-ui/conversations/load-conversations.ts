import type { Db } from '../../src/db/open-database.js';
import { countUnread, listProjectMessages, type ConversationMessage } from '../../src/conversations/conversation-repository.js';
import { listClientActions } from '../../src/outbox/action-repository.js';
import { findClientRecord, listClientRecords } from '../loaders/client-records.js';

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
export function listThreads(db: Db, clientId: number, portalUserId: number): ThreadSummary[] {
  const projects = listClientRecords(db, clientId, 'project');
  const unread = countUnread(db, portalUserId, projects.map((project) => project.id));
  return projects.map((project) => {
    const messages = listProjectMessages(db, project.id);
    return { projectRecordId: project.id, projectName: project.data.name, unread: unread.get(project.id) ?? 0, lastMessage: messages.at(-1) ?? null };
  });
}

/** Total unread for the navigation and the dashboard. */
export function totalUnread(db: Db, clientId: number, portalUserId: number): number {
  const projects = listClientRecords(db, clientId, 'project');
  return [...countUnread(db, portalUserId, projects.map((project) => project.id)).values()].reduce((sum, n) => sum + n, 0);
}

/**
 * One project's thread, for the client's own project only (else null: the portal's one 404). The
 * client's messages the provider does not hold yet are listed after it, as sending or not delivered.
 */
export function loadThread(db: Db, clientId: number, projectRecordId: number): Thread | null {
  const project = findClientRecord(db, clientId, 'project', projectRecordId);
  if (!project) return null;
  const messages = listProjectMessages(db, project.id);
  const delivered = new Set(messages.map((message) => message.portalActionId).filter((id) => id !== null));
  const outgoing = listClientActions(db, clientId, { operation: 'addConversationComment' })
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
