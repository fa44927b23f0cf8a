import type { ConnectorContext } from '../connector.js';
import type { AsanaProject } from '../../mappings/asana/asana-types.js';
import type { AsanaAnswer } from './asana-client.js';
import { PAGE_LIMIT, PROJECT_FIELDS } from './opt-fields.js';
import { listPages } from './list-pages.js';

/** The workspace this connection syncs: set at connect time, or ASANA_WORKSPACE_GID. */
export function workspaceGid(ctx: ConnectorContext): string {
  const gid = (ctx.settings.workspaceGid as string | undefined) ?? ctx.config.asana.workspaceGid;
  if (!gid) throw new Error('Asana connection has no workspace: set ASANA_WORKSPACE_GID or reconnect');
  return gid;
}

/** Every project of the workspace, archived ones included, page by page (offset paging, 100 a page). */
export function listProjectPages(ctx: ConnectorContext, fields = PROJECT_FIELDS): AsyncGenerator<AsanaProject[]> {
  const workspace = workspaceGid(ctx);
  return listPages<AsanaProject>(ctx, (apis, offset) =>
    apis.projects.getProjectsForWorkspaceWithHttpInfo(workspace, { limit: PAGE_LIMIT, opt_fields: fields, ...(offset ? { offset } : {}) }) as Promise<AsanaAnswer<{ data?: AsanaProject[] }>>,
  );
}

/** Just the gids and archived flags of the workspace's projects (what the task pull and webhooks need). */
export async function listProjectSummaries(ctx: ConnectorContext): Promise<{ gid: string; archived: boolean }[]> {
  const out: { gid: string; archived: boolean }[] = [];
  for await (const page of listProjectPages(ctx, 'gid,archived')) for (const p of page) out.push({ gid: p.gid, archived: p.archived === true });
  return out;
}
