import { sql } from 'kysely';
import type { Queryable } from '../store.js';

export interface ConsoleClientRow {
  id: number;
  name: string;
  status: string;
  mergedIntoClientId: number | null;
}

/** The workspace's clients in name order, case folded the same way on both engines. */
export async function listConsoleClients(q: Queryable, workspaceId: number): Promise<ConsoleClientRow[]> {
  return q
    .selectFrom('clients')
    .select(['id', 'name', 'status', 'merged_into_client_id as mergedIntoClientId'])
    .where('workspace_id', '=', workspaceId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}
