import type { Queryable } from '../store.js';
import { selectLinkRows, type LinkRow } from './link-row.js';

/** Every live record of the workspace, with its link decision: a whole-workspace relink. */
export async function listWorkspaceLinkRows(q: Queryable, workspaceId: number): Promise<LinkRow[]> {
  return (await selectLinkRows(q).where('r.workspace_id', '=', workspaceId).where('r.deleted', '=', 0).orderBy('r.id').execute()) as LinkRow[];
}
