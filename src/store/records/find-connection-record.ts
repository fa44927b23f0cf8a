import type { Queryable } from '../store.js';
import { type ClientRecordRow } from './client-record-row.js';
import { preparedQuery } from '../common/prepared-query.js';

/**
 * The live record of one kind a connection holds under a provider id (the first by id), within one
 * workspace: e.g. the CRM user who owns a deal, cached as a team_member record of the deal's connection.
 */
export async function findConnectionRecord(
  q: Queryable,
  where: { workspaceId: number; connectionId: number; kind: string; externalId: string },
): Promise<ClientRecordRow | undefined> {
  return (await byExternalId(q, where.workspaceId, where.connectionId, where.kind, where.externalId))[0];
}

const byExternalId = preparedQuery((db, workspaceId: number, connectionId: number, kind: string, externalId: string) =>
  db
    .selectFrom('records')
    .select(['id', 'connection_id', 'provider', 'external_id', 'synced_at', 'version', 'data'])
    .where('workspace_id', '=', workspaceId)
    .where('connection_id', '=', connectionId)
    .where('kind', '=', kind)
    .where('external_id', '=', externalId)
    .where('deleted', '=', 0)
    .orderBy('id')
    .limit(1),
);
