import type { ConnectorContext } from '../../src/connector-kit/index.js';
import type { AsanaProject } from './asana-types.js';
import type { AsanaAnswer } from './asana-client.js';
import { callAsana } from './call-asana.js';
import { PAGE_LIMIT, PROJECT_FIELDS } from './opt-fields.js';
import { listPages } from './list-pages.js';
import { asanaSettings } from './settings.js';

const LEARNT_WORKSPACE = 'asana.workspaceGid';

/**
 * The workspace this connection syncs: chosen at connect time, or ASANA_WORKSPACE_GID; failing
 * both, the token's only workspace (learnt once from GET /users/me). Several workspaces and no
 * choice is an error that says what to set.
 */
export async function workspaceGid(ctx: ConnectorContext): Promise<string> {
  const chosen = knownWorkspaceGid(ctx);
  if (chosen) return chosen;
  const me = await callAsana(ctx, (apis) => apis.users.getUserWithHttpInfo('me', { opt_fields: 'gid,workspaces.gid,workspaces.name' }) as Promise<AsanaAnswer<{ data?: { workspaces?: { gid: string; name?: string }[] } }>>);
  const workspaces = me?.data?.workspaces ?? [];
  if (workspaces.length !== 1) {
    throw new Error(`The Asana token can see ${workspaces.length} workspaces (${workspaces.map((w) => `${w.gid} ${w.name ?? ''}`.trim()).join(', ') || 'none'}): set ASANA_WORKSPACE_GID`);
  }
  ctx.metadata.set(LEARNT_WORKSPACE, workspaces[0]!.gid);
  return workspaces[0]!.gid;
}

/** The workspace when it is already known (chosen, configured or learnt), without asking Asana. */
export function knownWorkspaceGid(ctx: ConnectorContext): string | undefined {
  return (ctx.settings.workspaceGid as string | undefined) ?? asanaSettings.read(ctx.config).workspaceGid ?? ctx.metadata.get<string>(LEARNT_WORKSPACE);
}

/** Every project of the workspace, archived ones included, page by page (offset paging, 100 a page). */
export async function* listProjectPages(ctx: ConnectorContext, fields = PROJECT_FIELDS): AsyncGenerator<AsanaProject[]> {
  const workspace = await workspaceGid(ctx);
  yield* listPages<AsanaProject>(ctx, (apis, offset) =>
    apis.projects.getProjectsForWorkspaceWithHttpInfo(workspace, { limit: PAGE_LIMIT, opt_fields: fields, ...(offset ? { offset } : {}) }) as Promise<AsanaAnswer<{ data?: AsanaProject[] }>>,
  );
}

/** Just the gids and archived flags of the workspace's projects (what the task pull and webhooks need). */
export async function listProjectSummaries(ctx: ConnectorContext): Promise<{ gid: string; archived: boolean }[]> {
  const out: { gid: string; archived: boolean }[] = [];
  for await (const page of listProjectPages(ctx, 'gid,archived')) for (const p of page) out.push({ gid: p.gid, archived: p.archived === true });
  return out;
}
