import type { Queryable } from '../store/store.js';
import { listCrmProviders } from '../store/identity/list-crm-providers.js';

/**
 * The providers that act as the workspace's CRM: those with deals in the cache. A CRM company is a
 * client because a deal was won with it, never by resemblance. It runs with every synced batch.
 */
export async function crmProviders(q: Queryable, workspaceId: number): Promise<Set<string>> {
  return listCrmProviders(q, workspaceId);
}
