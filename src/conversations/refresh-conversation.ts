import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { findConnection } from '../store/connections/find-connection.js';
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
  const project = app.db
    .prepare(`SELECT id, workspace_id FROM records WHERE connection_id = ? AND external_id = ? AND kind = 'project' AND deleted = 0 AND client_id IS NOT NULL`)
    .get(connectionId, projectExternalId) as { id: number; workspace_id: number } | undefined;
  if (!project) return { added: 0, removed: 0 };
  const comments = await connector.conversations.read(buildConnectorContext(app, connection), projectExternalId);
  const actionOf = app.db.prepare(`SELECT id FROM portal_actions WHERE idempotency_key = ? AND connection_id = ? AND operation = 'addConversationComment'`);
  const withActions = comments.map((comment) => ({
    ...comment,
    portalActionId: comment.portalKey ? ((actionOf.get(comment.portalKey, connectionId) as { id: number } | undefined)?.id ?? null) : null,
  }));
  return writeTransaction(app.db, () => replaceProjectMessages(app.db, { workspaceId: project.workspace_id, connectionId, recordId: project.id }, withActions));
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
