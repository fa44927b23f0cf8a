import type { Queryable } from '../src/store/store.js';
import type { Deal, TeamMember } from '../src/model/unified-model.js';
import { findClient } from '../src/store/clients/find-client.js';
import { findConnectionRecord } from '../src/store/records/find-connection-record.js';
import { listDealProvisionings } from '../src/store/provisionings/list-deal-provisionings.js';
import { findClientRecord, toClientRecord, type ClientRecord } from '../src/records/client-records.js';
import { listClientWonDealRows } from '../src/store/records/list-client-won-deal-rows.js';

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

/*
 * Every query here is scoped by the client id it is given (taken from the session, never from
 * the URL alone), so no path through this module reaches another client's records. Only won
 * deals are shown: open deals are the business's pipeline, not something the client signed.
 */
export async function loadDashboard(q: Queryable, clientId: number, now = Date.now()): Promise<Dashboard | null> {
  const client = await findClient(q, clientId);
  if (!client || client.status !== 'active') return null;
  const deals = (await wonDealsOf(q, clientId)).sort(
    (a, b) => (b.data.closeDate ?? '').localeCompare(a.data.closeDate ?? '') || b.id - a.id,
  );
  const wonDeals = await toClientDeals(q, client.workspaceId, deals, now);
  const team = new Map<number, AccountOwner>();
  for (const deal of wonDeals) if (deal.owner) team.set(deal.owner.recordId, deal.owner);
  return { clientId: client.id, clientName: client.name, wonDeals, accountTeam: [...team.values()] };
}

/** One won deal of this client, or null: a deal of another client is exactly as absent as one that does not exist. */
export async function loadClientDeal(q: Queryable, clientId: number, dealRecordId: number, now = Date.now()): Promise<ClientDeal | null> {
  const deal = await findClientRecord(q, clientId, 'deal', dealRecordId);
  if (!deal || deal.data.isWon !== true) return null;
  const client = await findClient(q, clientId);
  if (!client) return null;
  return (await toClientDeals(q, client.workspaceId, [deal], now))[0] ?? null;
}

async function wonDealsOf(q: Queryable, clientId: number): Promise<ClientRecord<'deal'>[]> {
  return (await listClientWonDealRows(q, clientId)).map((row) => toClientRecord<'deal'>(row));
}

/** The deal's owner is a CRM user, cached as a team_member record of the same connection (and workspace). */
async function toClientDeals(q: Queryable, workspaceId: number, deals: ClientRecord<'deal'>[], now: number): Promise<ClientDeal[]> {
  const provisioned = await listDealProvisionings(q, deals.map((deal) => deal.id));
  const owners = new Map<string, AccountOwner | null>();
  const result: ClientDeal[] = [];
  for (const deal of deals) {
    const ownerExternalId = deal.data.ownerExternalId;
    let owner: AccountOwner | null = null;
    if (ownerExternalId) {
      const key = `${deal.connectionId}:${ownerExternalId}`;
      if (!owners.has(key)) {
        const row = await findConnectionRecord(q, { workspaceId, connectionId: deal.connectionId, kind: 'team_member', externalId: ownerExternalId });
        owners.set(key, row ? { ...(JSON.parse(row.data) as TeamMember), recordId: row.id } : null);
      }
      owner = owners.get(key) ?? null;
    }
    result.push(toClientDeal(deal, owner, provisioned.get(deal.id), now));
  }
  return result;
}

function toClientDeal(record: ClientRecord<'deal'>, owner: AccountOwner | null, provisionedAt: number | undefined, now: number): ClientDeal {
  const deal: Deal = record.data;
  const seenWon = provisionedAt !== undefined ? new Date(provisionedAt).toISOString().slice(0, 10) : null;
  const close = deal.closeDate?.slice(0, 10) ?? null;
  const today = new Date(now).toISOString().slice(0, 10);
  const wonDate = close && close <= today && (!seenWon || close <= seenWon) ? close : seenWon;
  return {
    recordId: record.id,
    provider: record.provider,
    syncedAt: record.syncedAt,
    name: deal.name,
    amountMinor: deal.amountMinor,
    currency: deal.currency,
    closeDate: deal.closeDate,
    wonDate,
    stageLabel: deal.stageLabel,
    owner,
  };
}
