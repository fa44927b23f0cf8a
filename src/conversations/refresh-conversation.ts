import type { AppContext } from '../app/app-context.js';
import { findConnection } from '../store/connections/find-connection.js';
import { findConversationProject } from '../store/conversations/find-conversation-project.js';
import { findPortalActionByKey } from '../store/portal-actions/find-portal-action-by-key.js';
import type { ConversationComment } from '../connector-kit/connector.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { replaceProjectMessages } from './conversation-repository.js';

/**
 * The `conversations.refresh` job: reads one project's client conversation through its connector
 * (Asana: the comments on the project's client-conversation task, nothing else) and makes the cache
 * match. Queued when sync (webhook, poll, backfill) changed that conversation's place, so a staff
 * reply reaches the portal by the same paths as every other change. Only a project linked to a
 * client is read: an unlinked project's thread belongs to nobody who could see it.
 */
export async function refreshConversation(app: AppContext, connectionId: number, projectExternalId: string): Promise<{ added: number; removed: number }> {
  const connection = await findConnection(app.store.db, connectionId);
  if (!connection || !app.connectors.has(connection.provider)) return { added: 0, removed: 0 };
  const connector = app.connectors.get(connection.provider);
  if (!connector.conversations) return { added: 0, removed: 0 };
  const project = await findConversationProject(app.store.db, connectionId, projectExternalId);
  if (!project) return { added: 0, removed: 0 };
  // The provider is read outside any transaction.
  const comments = await connector.conversations.read(await buildConnectorContext(app, connection), projectExternalId);
  const withActions: (ConversationComment & { portalActionId: number | null })[] = [];
  for (const comment of comments) {
    // The client's own message, posted through the portal: the action that posted it (keys are unique).
    const action = comment.portalKey ? await findPortalActionByKey(app.store.db, comment.portalKey) : undefined;
    const portalActionId = action && action.connectionId === connectionId && action.operation === 'addConversationComment' ? action.id : null;
    withActions.push({ ...comment, portalActionId });
  }
  return app.store.transaction((tx) => replaceProjectMessages(tx, { workspaceId: project.workspaceId, connectionId, recordId: project.id }, withActions));
}

/**
 * After sync brought records (changed or not: a new comment leaves its Asana task's fields as they
 * were — Asana's modified_at ignores comments): queue a refresh of each conversation whose place
 * one of them is. Called with what the provider reported (a poll page, a webhook's fetch), so only
 * a conversation task the provider named is read again.
 */
export async function queueConversationRefresh(app: AppContext, connection: { id: number; provider: string }, records: readonly { objectType: string; raw: unknown; deleted?: boolean }[]): Promise<void> {
  const source = app.connectors.has(connection.provider) ? app.connectors.get(connection.provider).conversations : undefined;
  if (!source || records.length === 0) return;
  const wanted = new Set<string>();
  for (const record of records) {
    if (record.deleted) continue;
    for (const project of source.projectsTouchedBy(app.config, record)) wanted.add(project);
  }
  for (const projectExternalId of wanted) {
    await app.jobs.enqueue('conversations.refresh', { connectionId: connection.id, projectExternalId }, { dedupeKey: `conversation:${connection.id}:${projectExternalId}` });
  }
}
