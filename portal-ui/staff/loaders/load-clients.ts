import type { Queryable } from '../../../src/store/store.js';
import { listConsoleClients, type ConsoleClientRow } from '../../../src/store/staff-console/list-console-clients.js';
import { countOpenReviews } from '../../../src/store/staff-console/count-open-reviews.js';
import { findConsoleClient } from '../../../src/store/staff-console/find-console-client.js';
import { countLinkedRecordsByProvider } from '../../../src/store/staff-console/count-linked-records-by-provider.js';
import { countPortalUsersByClient } from '../../../src/store/staff-console/count-portal-users-by-client.js';
import { listLinkedRecords as listLinkedRecordRows } from '../../../src/store/staff-console/list-linked-records.js';

export interface ClientSummary {
  id: number;
  name: string;
  status: string;
  mergedIntoClientId: number | null;
  /** provider → records linked to this client. */
  recordsByProvider: Record<string, number>;
  portalUsers: number;
}

export async function listClientSummaries(q: Queryable, workspaceId: number): Promise<ClientSummary[]> {
  const clients = await listConsoleClients(q, workspaceId);
  const counts = await countLinkedRecordsByProvider(q, workspaceId);
  const users = await countPortalUsersByClient(q, workspaceId);
  return clients.map((client) => ({
    ...client,
    recordsByProvider: Object.fromEntries(counts.filter((c) => c.clientId === client.id).map((c) => [c.provider, c.n])),
    portalUsers: users.get(client.id) ?? 0,
  }));
}

/** The workspace's clients by name, for a filter's choices. */
export async function loadClientChoices(q: Queryable, workspaceId: number): Promise<{ id: number; name: string }[]> {
  return (await listConsoleClients(q, workspaceId)).map(({ id, name }) => ({ id, name }));
}

export interface LinkedRecord {
  id: number;
  provider: string;
  kind: string;
  objectType: string;
  externalId: string;
  name: string;
  method: string | null;
  detail: string | null;
  manual: boolean;
  decidedBy: string | null;
}

/** The records linked to a client, and how each came to be (record_links: the rule, its evidence, or a manual decision). */
export async function listLinkedRecords(q: Queryable, clientId: number, limit = 500): Promise<LinkedRecord[]> {
  const rows = await listLinkedRecordRows(q, clientId, limit);
  return rows.map(({ data, detail, manual, ...row }) => {
    const parsed = JSON.parse(data) as Record<string, unknown>;
    const name = [parsed.name, parsed.number, parsed.email, parsed.title].find((v): v is string => typeof v === 'string' && v.length > 0) ?? row.externalId;
    return { ...row, name, manual: manual === 1, detail: detail && detail !== '{}' ? detail : null };
  });
}

/** One client of the workspace, or null. */
export async function loadConsoleClient(q: Queryable, workspaceId: number, clientId: number | null): Promise<ConsoleClientRow | null> {
  return clientId === null ? null : ((await findConsoleClient(q, workspaceId, clientId)) ?? null);
}

/** The workspace's active clients by name: where a record can be linked or a client merged into. */
export async function loadActiveClientChoices(q: Queryable, workspaceId: number): Promise<{ id: number; name: string }[]> {
  return (await listConsoleClients(q, workspaceId)).filter((c) => c.status === 'active').map(({ id, name }) => ({ id, name }));
}

/** How many questions wait for staff (link and invoice-match reviews). */
export async function loadOpenReviewCount(q: Queryable, workspaceId: number): Promise<number> {
  return countOpenReviews(q, workspaceId);
}
