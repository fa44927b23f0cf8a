import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';

/**
 * The providers that act as the workspace's CRM: those with deals in the cache. A CRM company is a
 * client because a deal was won with it, never by resemblance. One probe per connection through the
 * (connection, kind, external id) index, not a scan of every deal: it runs with every synced batch.
 */
export function crmProviders(db: Db, workspaceId: number): Set<string> {
  const rows = cachedStatement(
    db,
    `SELECT DISTINCT c.provider FROM connections c
      WHERE c.workspace_id = ? AND EXISTS (SELECT 1 FROM records r WHERE r.connection_id = c.id AND r.kind = 'deal')`,
  ).all(workspaceId) as { provider: string }[];
  return new Set(rows.map((r) => r.provider));
}
