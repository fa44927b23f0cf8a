/**
 * The business's own staff, as Asana knows them: the email domains of its organisation
 * (GET /workspaces/{gid}, `email_domains`; `is_organization` — a plain workspace has none). Read
 * through the SDK at metadata refresh, at most every six hours, and kept in the connection's
 * provider metadata (STAFF_EMAIL_DOMAINS_METADATA) for "Waiting on you": a task assigned to
 * someone at one of these domains is the business's, never the client's.
 */
import { type ConnectorContext, type StaffEmailDomains, STAFF_EMAIL_DOMAINS_METADATA, normalizeStaffDomains } from '../../src/connector-kit/index.js';
import type { AsanaAnswer } from './asana-client.js';
import { callAsana } from './call-asana.js';
import { knownWorkspaceGid } from './list-projects.js';

const REFRESH_EVERY_MS = 6 * 3_600_000;

export async function refreshStaffDomains(ctx: ConnectorContext, now = Date.now()): Promise<void> {
  const stored = ctx.metadata.get<StaffEmailDomains>(STAFF_EMAIL_DOMAINS_METADATA);
  if (stored && now - stored.fetchedAt < REFRESH_EVERY_MS) return;
  // Not learnt yet (a token with one workspace, before its first pull): the next run reads it.
  const gid = knownWorkspaceGid(ctx);
  if (!gid) return;
  try {
    const body = await callAsana(ctx, (apis) => apis.workspaces.getWorkspaceWithHttpInfo(gid, { opt_fields: 'email_domains,is_organization' }) as Promise<AsanaAnswer<{ data?: { email_domains?: unknown[]; is_organization?: boolean } }>>);
    const workspace = body?.data;
    const domains = workspace?.is_organization === false ? [] : normalizeStaffDomains(workspace?.email_domains ?? []);
    ctx.metadata.set(STAFF_EMAIL_DOMAINS_METADATA, { domains, fetchedAt: now } satisfies StaffEmailDomains);
  } catch (error) {
    // A refinement of "Waiting on you", never a reason to fail the sync: the last known domains stay.
    ctx.logger.warn('Asana organisation email domains not refreshed', { error: error instanceof Error ? error.message : String(error) });
  }
}
