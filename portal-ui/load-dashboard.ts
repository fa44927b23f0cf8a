import type { Db } from '../src/db/open-database.js';
import type { Deal, TeamMember } from '../src/model/unified-model.js';

export interface DashboardDeal extends Deal {
  recordId: number;
  provider: string;
  syncedAt: number;
}

export interface Dashboard {
  clientId: number;
  clientName: string;
  wonDeals: DashboardDeal[];
  accountTeam: (TeamMember & { recordId: number })[];
}

/**
 * Everything the dashboard shows, for one client only: every query is scoped by client id,
 * so no path through here can reach another client's records.
 */
export function loadDashboard(db: Db, clientId: number): Dashboard | undefined {
  const client = db.prepare(`SELECT id, name FROM clients WHERE id = ? AND status = 'active'`).get(clientId) as { id: number; name: string } | undefined;
  if (!client) return undefined;
  const deals = (
    db
      .prepare(
        `SELECT id, provider, connection_id AS connectionId, data, synced_at AS syncedAt FROM records
         WHERE client_id = ? AND kind = 'deal' AND deleted = 0 AND json_extract(data, '$.isWon') = 1
         ORDER BY json_extract(data, '$.closeDate') DESC, id DESC`,
      )
      .all(clientId) as { id: number; provider: string; connectionId: number; data: string; syncedAt: number }[]
  ).map((row) => ({ ...(JSON.parse(row.data) as Deal), recordId: row.id, provider: row.provider, syncedAt: row.syncedAt, connectionId: row.connectionId }));

  // The account team: the owners of the client's deals, looked up in the same connection.
  const team = new Map<number, TeamMember & { recordId: number }>();
  for (const deal of deals) {
    if (!deal.ownerExternalId) continue;
    const owner = db
      .prepare(`SELECT id, data FROM records WHERE connection_id = ? AND kind = 'team_member' AND external_id = ? AND deleted = 0`)
      .get(deal.connectionId, deal.ownerExternalId) as { id: number; data: string } | undefined;
    if (owner) team.set(owner.id, { ...(JSON.parse(owner.data) as TeamMember), recordId: owner.id });
  }
  return { clientId: client.id, clientName: client.name, wonDeals: deals, accountTeam: [...team.values()] };
}

/** One deal of this client, or undefined: a deal of another client is as absent as one that does not exist. */
export function loadClientDeal(db: Db, clientId: number, recordId: number): DashboardDeal | undefined {
  const row = db
    .prepare(`SELECT id, provider, data, synced_at AS syncedAt FROM records WHERE id = ? AND client_id = ? AND kind = 'deal' AND deleted = 0`)
    .get(recordId, clientId) as { id: number; provider: string; data: string; syncedAt: number } | undefined;
  return row ? { ...(JSON.parse(row.data) as Deal), recordId: row.id, provider: row.provider, syncedAt: row.syncedAt } : undefined;
}
