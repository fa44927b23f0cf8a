import type { Db } from '../../../src/db/open-database.js';

export interface ClientSummary {
  id: number;
  name: string;
  status: string;
  mergedIntoClientId: number | null;
  /** provider → records linked to this client. */
  recordsByProvider: Record<string, number>;
  portalUsers: number;
}

export function listClientSummaries(db: Db, workspaceId: number): ClientSummary[] {
  const clients = db.prepare('SELECT id, name, status, merged_into_client_id AS mergedIntoClientId FROM clients WHERE workspace_id = ? ORDER BY name COLLATE NOCASE, id').all(workspaceId) as Omit<ClientSummary, 'recordsByProvider' | 'portalUsers'>[];
  const counts = db.prepare('SELECT client_id AS clientId, provider, COUNT(*) AS n FROM records WHERE workspace_id = ? AND client_id IS NOT NULL AND deleted = 0 GROUP BY client_id, provider').all(workspaceId) as { clientId: number; provider: string; n: number }[];
  const users = db.prepare(`SELECT client_id AS clientId, COUNT(*) AS n FROM portal_users WHERE workspace_id = ? AND status != 'disabled' GROUP BY client_id`).all(workspaceId) as { clientId: number; n: number }[];
  return clients.map((client) => ({
    ...client,
    recordsByProvider: Object.fromEntries(counts.filter((c) => c.clientId === client.id).map((c) => [c.provider, c.n])),
    portalUsers: users.find((u) => u.clientId === client.id)?.n ?? 0,
  }));
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
export function listLinkedRecords(db: Db, clientId: number, limit = 500): LinkedRecord[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.provider, r.kind, r.object_type AS objectType, r.external_id AS externalId, r.data,
              l.method, l.detail, l.manual, l.decided_by AS decidedBy
       FROM records r LEFT JOIN record_links l ON l.record_id = r.id
       WHERE r.client_id = ? AND r.deleted = 0 ORDER BY r.provider, r.kind, r.id LIMIT ?`,
    )
    .all(clientId, limit) as (Omit<LinkedRecord, 'name' | 'manual' | 'detail'> & { data: string; detail: string | null; manual: number | null })[];
  return rows.map(({ data, detail, manual, ...row }) => {
    const parsed = JSON.parse(data) as Record<string, unknown>;
    const name = [parsed.name, parsed.number, parsed.email, parsed.title].find((v): v is string => typeof v === 'string' && v.length > 0) ?? row.externalId;
    return { ...row, name, manual: manual === 1, detail: detail && detail !== '{}' ? detail : null };
  });
}
