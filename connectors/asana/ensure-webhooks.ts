import type { ConnectorContext, WebhookMaintenance, WebhookRegistry } from '../../src/connector-kit/index.js';
import type { AsanaAnswer } from './asana-client.js';
import { asanaStatus, callAsana } from './call-asana.js';
import { listPages } from './list-pages.js';
import { listProjectSummaries, workspaceGid } from './list-projects.js';
import { hookIdFromUrl, newHookId, parseHookId } from './hook-ids.js';
import { asanaSettings } from './settings.js';

/** A webhook as GET /webhooks documents it. */
export interface AsanaWebhook {
  gid: string;
  active?: boolean;
  target?: string;
  resource?: { gid?: string; resource_type?: string } | null;
  last_failure_at?: string | null;
  last_failure_content?: string | null;
}

const WEBHOOK_FIELDS = 'gid,active,target,resource.gid,resource.resource_type,last_failure_at,last_failure_content';

/** Only what the hub shows clients: task changes, project changes and deletion, new status updates, new comments. */
export const WEBHOOK_FILTERS = [
  { resource_type: 'task' },
  { resource_type: 'project', action: 'changed' },
  { resource_type: 'project', action: 'deleted' },
  { resource_type: 'status_update', action: 'added' },
  // Comments: the client-conversation task's thread reaches the portal (others are dropped by the hub).
  { resource_type: 'story', resource_subtype: 'comment_added', action: 'added' },
];

const PRODUCTION_HOST = 'app.asana.com';

/** Asana's own servers can only deliver to a public HTTPS URL; an emulator or proxy may reach anything. */
function cannotDeliver(ctx: ConnectorContext): string | null {
  const { baseUrl } = asanaSettings.read(ctx.config);
  if (new URL(baseUrl).host === PRODUCTION_HOST && !ctx.config.publicUrl.startsWith('https://')) {
    return 'PUBLIC_URL is not https: Asana cannot deliver webhooks to it (polling continues)';
  }
  return null;
}

/** This connection's webhooks in the workspace, recognised by the hook ids in their targets. */
async function listOurWebhooks(ctx: ConnectorContext, registry: WebhookRegistry): Promise<{ hookId: string; projectGid: string; webhook: AsanaWebhook }[]> {
  const workspace = await workspaceGid(ctx);
  const ours: { hookId: string; projectGid: string; webhook: AsanaWebhook }[] = [];
  const pages = listPages<AsanaWebhook>(ctx, (apis, offset) =>
    apis.webhooks.getWebhooksWithHttpInfo(workspace, { limit: 100, opt_fields: WEBHOOK_FIELDS, ...(offset ? { offset } : {}) }) as Promise<AsanaAnswer<{ data?: AsanaWebhook[] }>>,
  );
  for await (const page of pages) {
    for (const webhook of page) {
      const hookId = webhook.target ? hookIdFromUrl(webhook.target) : null;
      const parsed = hookId ? parseHookId(hookId) : null;
      // Another deployment or connection's hooks (other PUBLIC_URL, other connection id) are not ours to touch.
      if (!hookId || !parsed || parsed.connectionId !== ctx.connectionId || webhook.target !== registry.targetUrl(hookId)) continue;
      ours.push({ hookId, projectGid: webhook.resource?.gid ?? parsed.projectGid, webhook });
    }
  }
  return ours;
}

async function deleteWebhook(ctx: ConnectorContext, gid: string): Promise<void> {
  await callAsana(ctx, async (apis) => {
    try {
      return await apis.webhooks.deleteWebhookWithHttpInfo(gid);
    } catch (caught) {
      if (asanaStatus(caught) === 404) return { data: null, response: {} };
      throw caught;
    }
  });
}

/**
 * POST /webhooks for one project. Asana calls the target with X-Hook-Secret before this returns;
 * the router stores that secret because the registry said to expect it. A create that fails
 * leaves nothing behind (any secret that arrived for it is forgotten).
 */
async function createWebhook(ctx: ConnectorContext, registry: WebhookRegistry, projectGid: string): Promise<void> {
  const hookId = newHookId(ctx.connectionId, projectGid);
  await registry.expectHandshake(hookId);
  try {
    const created = await callAsana(ctx, (apis) =>
      apis.webhooks.createWebhookWithHttpInfo({ data: { resource: projectGid, target: registry.targetUrl(hookId), filters: WEBHOOK_FILTERS } }, { opt_fields: 'gid,active,target,resource.gid' }) as Promise<
        AsanaAnswer<{ data?: AsanaWebhook }>
      >,
    );
    if (!created?.data?.gid) throw new Error(`Asana created a webhook for project ${projectGid} but did not return its gid`);
    await registry.remember(hookId, created.data.gid);
  } catch (error) {
    await registry.forget(hookId);
    throw error;
  }
}

/**
 * One webhook per live project, compared with what Asana lists: missing ones are created, ones
 * Asana deactivated (deliveries kept failing) or whose secret the hub lacks are deleted and created
 * again, and ones for archived or deleted projects are removed. Run by the scheduler.
 */
export async function ensureAsanaWebhooks(ctx: ConnectorContext, registry: WebhookRegistry): Promise<WebhookMaintenance> {
  const report: WebhookMaintenance = { created: 0, recreated: 0, removed: 0, kept: 0 };
  const skipped = cannotDeliver(ctx);
  if (skipped) return { ...report, skipped };

  const wanted = new Set((await listProjectSummaries(ctx)).filter((p) => !p.archived).map((p) => p.gid));
  const known = new Map((await registry.list()).map((hook) => [hook.hookId, hook]));
  const knownProjects = new Set([...known.keys()].map((id) => parseHookId(id)?.projectGid).filter((gid): gid is string => gid != null));
  const healthy = new Set<string>();
  const keptHooks = new Set<string>();

  for (const { hookId, projectGid, webhook } of await listOurWebhooks(ctx, registry)) {
    const usable = wanted.has(projectGid) && webhook.active !== false && known.get(hookId)?.hasSecret === true && !healthy.has(projectGid);
    if (usable) {
      healthy.add(projectGid);
      keptHooks.add(hookId);
      report.kept++;
      continue;
    }
    if (webhook.active === false) ctx.logger.warn('Asana deactivated a webhook: registering it again', { project: projectGid, lastFailure: webhook.last_failure_content ?? null });
    await deleteWebhook(ctx, webhook.gid);
    await registry.forget(hookId);
    if (!wanted.has(projectGid)) report.removed++;
  }
  // Hooks the hub knew of that Asana no longer lists (it drops hooks that failed for a day) are forgotten here and recreated below.
  for (const [hookId] of known) if (!keptHooks.has(hookId)) await registry.forget(hookId);
  for (const projectGid of wanted) {
    if (healthy.has(projectGid)) continue;
    await createWebhook(ctx, registry, projectGid);
    if (knownProjects.has(projectGid)) report.recreated++;
    else report.created++;
  }
  return report;
}
