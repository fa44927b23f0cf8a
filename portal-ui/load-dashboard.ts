import type { Db } from '../src/db/open-database.js';
import type { Deal, TeamMember } from '../src/model/unified-model.js';
import { cachedStatement } from '../src/db/cached-statement.js';

export interface AccountOwner extends TeamMember {
  recordId: number;
}

export interface ClientDeal {
  recordId: number;
  provider: string;
  syncedAt: number;
  name: string;
  amountMinor: number | null;
  currency: string | null;
  closeDate: string | null;
  /**
   * When it was signed (won): the CRM's close date once it has passed, else the day the hub saw it
   * won (its provisioning). A close date still ahead is the expected date of an open deal that was
   * marked won early, never shown as "Signed". Null when neither is known.
   */
  wonDate: string | null;
  stageLabel: string | null;
  owner: AccountOwner | null;
}

export interface Dashboard {
  clientId: number;
  clientName: string;
  wonDeals: ClientDeal[];
  /** The distinct owners of the won deals, in the order their deals are listed. */
  accountTeam: AccountOwner[];
}

interface DealRow {
  id: number;
  provider: string;
  connection_id: number;
  workspace_id: number;
  data: string;
  synced_at: number;
}

/*
 * Every query here is scoped by the client id it is given (taken from the session, never from
 * the URL alone), so no path through this module reaches another client's records. Only won
 * deals are shown: open deals are the business's pipeline, not something the client signed.
 */
const WON_DEALS = `SELECT id, provider, connection_id, workspace_id, data, synced_at FROM records
  WHERE client_id = ? AND kind = 'deal' AND deleted = 0 AND json_extract(data, '$.isWon') = 1`;

export function loadDashboard(db: Db, clientId: number, now = Date.now()): Dashboard | null {
  const client = cachedStatement(db, `SELECT id, name FROM clients WHERE id = ? AND status = 'active'`).get(clientId) as
    | { id: number; name: string }
    | undefined;
  if (!client) return null;
  const rows = cachedStatement(db, `${WON_DEALS} ORDER BY json_extract(data, '$.closeDate') DESC, id DESC`).all(clientId) as DealRow[];
  const owners = ownerLookup(db);
  const wonDeals = rows.map((row) => toClientDeal(row, owners, db, now));
  const team = new Map<number, AccountOwner>();
  for (const deal of wonDeals) if (deal.owner) team.set(deal.owner.recordId, deal.owner);
  return { clientId: client.id, clientName: client.name, wonDeals, accountTeam: [...team.values()] };
}

/** One won deal of this client, or null: a deal of another client is exactly as absent as one that does not exist. */
export function loadClientDeal(db: Db, clientId: number, dealRecordId: number, now = Date.now()): ClientDeal | null {
  const row = cachedStatement(db, `${WON_DEALS} AND id = ?`).get(clientId, dealRecordId) as DealRow | undefined;
  return row ? toClientDeal(row, ownerLookup(db), db, now) : null;
}

/** The deal's owner is a CRM user, cached as a team_member record of the same connection. */
function ownerLookup(db: Db): (row: DealRow, ownerExternalId: string | null) => AccountOwner | null {
  const statement = cachedStatement(
    db,
    `SELECT id, data FROM records
     WHERE connection_id = ? AND workspace_id = ? AND kind = 'team_member' AND external_id = ? AND deleted = 0
     ORDER BY id LIMIT 1`,
  );
  const cache = new Map<string, AccountOwner | null>();
  return (row, ownerExternalId) => {
    if (!ownerExternalId) return null;
    const key = `${row.connection_id}:${ownerExternalId}`;
    if (!cache.has(key)) {
      const owner = statement.get(row.connection_id, row.workspace_id, ownerExternalId) as { id: number; data: string } | undefined;
      cache.set(key, owner ? { ...(JSON.parse(owner.data) as TeamMember), recordId: owner.id } : null);
    }
    return cache.get(key) ?? null;
  };
}

function toClientDeal(row: DealRow, ownerOf: ReturnType<typeof ownerLookup>, db: Db, now: number): ClientDeal {
  const deal = JSON.parse(row.data) as Deal;
  const provisioned = db.prepare('SELECT created_at FROM provisionings WHERE deal_record_id = ?').get(row.id) as { created_at: number } | undefined;
  const seenWon = provisioned ? new Date(provisioned.created_at).toISOString().slice(0, 10) : null;
  const close = deal.closeDate?.slice(0, 10) ?? null;
  const today = new Date(now).toISOString().slice(0, 10);
  const wonDate = close && close <= today && (!seenWon || close <= seenWon) ? close : seenWon;
  return {
    recordId: row.id,
    provider: row.provider,
    syncedAt: row.synced_at,
    name: deal.name,
    amountMinor: deal.amountMinor,
    currency: deal.currency,
    closeDate: deal.closeDate,
    wonDate,
    stageLabel: deal.stageLabel,
    owner: ownerOf(row, deal.ownerExternalId),
  };
}
