import type { Db } from '../db/open-database.js';
import { crmProviders } from './crm-providers.js';
import { cachedStatement } from '../db/cached-statement.js';
import type { IdentityRules } from './identity-rules.js';
import { buildClientIndex, type ClientIndex } from './build-client-index.js';
import { lookupClientIndex } from './lookup-client-index.js';
import { describeRecordIdentity } from './describe-record-identity.js';
import { decideLink } from './decide-link.js';
import { setRecordClient } from './set-record-client.js';
import { closeLinkReview, openLinkReview } from './write-link-review.js';

export interface ResolveSummary {
  evaluated: number;
  linked: number;
  unlinked: number;
  reviewed: number;
  unchanged: number;
}

interface Row {
  id: number;
  connection_id: number;
  provider: string;
  object_type: string;
  kind: string;
  external_id: string;
  data: string;
  client_id: number | null;
  link_method: string | null;
  manual: number | null;
  source_client_id: number | null;
}

/** Kinds that are a client's identity in some system: decided by the rules (or by the CRM, or staff). */
const ROOT_KINDS = new Set(['company', 'project']);
/** Kinds that belong to whatever their parent record in the same connection belongs to; payments last (they may hang off invoices). */
const DEPENDENT_ORDER = ['contact', 'deal', 'quote', 'request', 'request_message', 'invoice', 'credit_note', 'task', 'payment'];

const SELECT_ROWS = `SELECT r.id, r.connection_id, r.provider, r.object_type, r.kind, r.external_id, r.data, r.client_id,
       l.method AS link_method, l.manual, cs.client_id AS source_client_id
  FROM records r LEFT JOIN record_links l ON l.record_id = r.id LEFT JOIN client_sources cs ON cs.record_id = r.id`;

/**
 * Works out, from the cache alone, which client each record belongs to. With `recordIds` only
 * those records (and what hangs off the ones whose client moved) are looked at — the path a sync
 * batch takes, inside its transaction; without, every live record of the workspace is — after a
 * client is provisioned, a rule changes, or staff ask. Manual decisions are never touched.
 */
export function resolveLinks(db: Db, workspaceId: number, rules: IdentityRules, recordIds?: number[], now = Date.now()): ResolveSummary {
  const summary: ResolveSummary = { evaluated: 0, linked: 0, unlinked: 0, reviewed: 0, unchanged: 0 };
  const rows = recordIds ? loadRows(db, recordIds) : (db.prepare(`${SELECT_ROWS} WHERE r.workspace_id = ? AND r.deleted = 0`).all(workspaceId) as Row[]);
  if (rows.length === 0) return summary;
  const crm = crmProviders(db, workspaceId);
  let index: ClientIndex | null = null;
  const movedRoots: Row[] = [];

  const evaluateRoot = (row: Row) => {
    summary.evaluated++;
    if (crm.has(row.provider) && row.kind === 'company') {
      // A CRM company is a client because a deal was won with it (or staff said so), never by resemblance.
      if (row.source_client_id != null && (row.client_id !== row.source_client_id || row.link_method !== 'provisioning')) {
        const moved = setRecordClient(db, { recordId: row.id, workspaceId, clientId: row.source_client_id, method: 'provisioning', confidence: 1, detail: {}, manual: false, decidedBy: null }, now);
        row.client_id = row.source_client_id;
        parentClient.moved(row);
        if (moved) {
          summary.linked++;
          movedRoots.push(row);
        }
      } else summary.unchanged++;
      return;
    }
    // A sync page looks its evidence up key by key (its cost does not grow with the workspace); a
    // whole-workspace pass, which asks about nearly every key anyway, reads it all in one go.
    index ??= recordIds ? lookupClientIndex(db, workspaceId, rules.extraFreeMailDomains, crm) : buildClientIndex(db, workspaceId, rules.extraFreeMailDomains, crm);
    // The raw payload is read only when a configured field path has to look into it.
    const needsRaw = Boolean(rules.explicitIdFields[row.provider]?.[row.object_type] || rules.contactFields[row.provider]?.[row.object_type]?.length);
    const raw = needsRaw ? (JSON.parse((cachedStatement(db, 'SELECT raw FROM records WHERE id = ?').get(row.id) as { raw: string }).raw) as unknown) : null;
    const identity = describeRecordIdentity({ provider: row.provider, objectType: row.object_type, data: JSON.parse(row.data) as Record<string, unknown>, raw }, rules);
    const decision = decideLink(identity, index, rules);
    const audit = { actorType: 'system' as const, action: 'record.link_decided' };
    if (decision.type === 'link') {
      closeLinkReview(db, row.id, `linked by ${decision.method}`, null, now);
      const moved = setRecordClient(db, { recordId: row.id, workspaceId, clientId: decision.clientId, method: decision.method, confidence: decision.confidence, detail: { rule: decision.method, matched: decision.detail }, manual: false, decidedBy: null, audit }, now);
      row.client_id = decision.clientId;
      parentClient.moved(row);
      if (moved) movedRoots.push(row);
      summary[moved ? 'linked' : 'unchanged']++;
      return;
    }
    // Not linkable now: a record linked earlier by a rule loses that link (never shown on doubt).
    const wasLinked = row.client_id !== null;
    if (wasLinked) {
      setRecordClient(db, { recordId: row.id, workspaceId, clientId: null, method: null, confidence: 0, detail: { rule: row.link_method ?? 'none', note: decision.type === 'none' ? decision.note : `sent to review (${decision.reason})` }, manual: false, decidedBy: null, audit: { ...audit, action: 'record.unlinked' } }, now);
      row.client_id = null;
      parentClient.moved(row);
      movedRoots.push(row);
    }
    if (decision.type === 'review') {
      const outcome = openLinkReview(db, workspaceId, row.id, decision.reason, decision.candidates, now);
      if (outcome === 'opened' || outcome === 'refreshed') summary.reviewed++;
      else if (!wasLinked) summary.unchanged++;
    } else {
      closeLinkReview(db, row.id, decision.note ?? 'no rule matches any more', null, now);
      if (!wasLinked) summary.unchanged++;
    }
    if (wasLinked) summary.unlinked++;
  };

  const parentClient = parentClientLookup(db, recordIds ? null : rows);
  const evaluateDependent = (row: Row, queue: Row[]) => {
    summary.evaluated++;
    const clientId = parentClient(row);
    if (clientId === undefined || clientId === row.client_id) {
      summary.unchanged++;
      return;
    }
    setRecordClient(db, { recordId: row.id, workspaceId, clientId, method: 'association', confidence: 1, detail: {}, manual: false, decidedBy: null }, now);
    row.client_id = clientId;
    parentClient.moved(row);
    summary[clientId === null ? 'unlinked' : 'linked']++;
    if (row.kind === 'invoice' && recordIds) queue.push(...loadPaymentsOf(db, row, seen));
    // A deal that changed client takes its quotes with it (they hang off the deal, not the company).
    if (row.kind === 'deal' && recordIds) queue.push(...loadQuotesOf(db, row, seen));
  };
  const seen = new Set(rows.map((r) => r.id));
  const isRoot = (row: Row) => ROOT_KINDS.has(row.kind);
  const isCrm = (row: Row) => crm.has(row.provider);
  const runDependents = (queue: Row[]) => {
    for (const kind of DEPENDENT_ORDER) for (const row of queue.filter((r) => r.kind === kind && !r.manual)) evaluateDependent(row, queue);
  };

  // 1. The CRM's own picture first (companies won, their contacts and deals): it is what the
  //    client index is built from, so everything else is judged against an up-to-date one.
  for (const row of rows) if (isRoot(row) && isCrm(row) && !row.manual) evaluateRoot(row);
  const crmDependents = rows.filter((row) => !isRoot(row) && isCrm(row));
  if (recordIds) crmDependents.push(...loadDependentsOf(db, movedRoots.splice(0), seen));
  runDependents(crmDependents);
  // 2. Billing and project identities by the rules; 3. what hangs off them.
  for (const row of rows) if (isRoot(row) && !isCrm(row) && !row.manual) evaluateRoot(row);
  const dependents = rows.filter((row) => !isRoot(row) && !isCrm(row));
  if (recordIds) dependents.push(...loadDependentsOf(db, movedRoots, seen));
  runDependents(dependents);
  return summary;
}

function loadRows(db: Db, ids: number[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    out.push(...(cachedStatement(db, `${SELECT_ROWS} WHERE r.id IN (${chunk.map(() => '?').join(',')}) AND r.deleted = 0`).all(...chunk) as Row[]));
  }
  return out;
}

/** Records in the same connection that point at these roots (customer, company or project references). */
function loadDependentsOf(db: Db, roots: Row[], already: Set<number>): Row[] {
  const out: Row[] = [];
  for (const root of roots) {
    const found = cachedStatement(
      db,
      `${SELECT_ROWS} WHERE r.connection_id = ? AND r.deleted = 0 AND r.kind IN ('contact', 'deal', 'request', 'invoice', 'credit_note', 'task', 'payment')
         AND (r.customer_external_id = ? OR r.project_external_id = ?
              OR EXISTS (SELECT 1 FROM record_refs x WHERE x.record_id = r.id AND x.ref_kind = 'company' AND x.external_id = ?))`,
    ).all(root.connection_id, root.external_id, root.external_id, root.external_id) as Row[];
    for (const row of found) {
      if (already.has(row.id)) continue;
      already.add(row.id);
      out.push(row);
    }
  }
  return out;
}

/** Ids of the live records that hang off one record (after staff moved it by hand). */
export function dependentRecordIds(db: Db, recordId: number): number[] {
  const root = loadRows(db, [recordId]);
  return loadDependentsOf(db, root, new Set([recordId])).map((row) => row.id);
}

function loadPaymentsOf(db: Db, invoice: Row, already: Set<number>): Row[] {
  const found = cachedStatement(
    db,
    `${SELECT_ROWS} WHERE r.connection_id = ? AND r.deleted = 0 AND r.kind = 'payment' AND r.customer_external_id IS NULL
       AND EXISTS (SELECT 1 FROM record_refs x WHERE x.record_id = r.id AND x.ref_kind = 'invoice' AND x.external_id = ?)`,
  ).all(invoice.connection_id, invoice.external_id) as Row[];
  return found.filter((row) => !already.has(row.id) && already.add(row.id));
}

function loadQuotesOf(db: Db, deal: Row, already: Set<number>): Row[] {
  const found = cachedStatement(
    db,
    `${SELECT_ROWS} WHERE r.connection_id = ? AND r.deleted = 0 AND r.kind = 'quote'
       AND EXISTS (SELECT 1 FROM record_refs x WHERE x.record_id = r.id AND x.ref_kind = 'deal' AND x.external_id = ?)`,
  ).all(deal.connection_id, deal.external_id) as Row[];
  return found.filter((row) => !already.has(row.id) && already.add(row.id));
}

/**
 * The client a dependent belongs to by its parent's link: undefined means "no evidence, leave it"
 * (no reference at all); null means "its parents belong to no client, or to several".
 */
interface ParentLookup {
  (row: Row): number | null | undefined;
  /** A record this run moved: later lookups of it as a parent must see its new client. */
  moved(row: Row): void;
}

function parentClientLookup(db: Db, preload: Row[] | null): ParentLookup {
  const byExternal = db.prepare('SELECT client_id FROM records WHERE connection_id = ? AND kind = ? AND external_id = ? AND deleted = 0');
  const known = new Map<string, number | null>();
  const keyOf = (connectionId: number, kind: string, externalId: string) => `${connectionId}\u0000${kind}\u0000${externalId}`;
  // A full pass already holds every live record: parents are looked up in memory, not one query each.
  if (preload) for (const row of preload) if (row.kind === 'company' || row.kind === 'project' || row.kind === 'invoice' || row.kind === 'deal') known.set(keyOf(row.connection_id, row.kind, row.external_id), row.client_id);
  const clientOf = (connectionId: number, kind: string, externalId: string): number | null => {
    const key = keyOf(connectionId, kind, externalId);
    if (known.has(key)) return known.get(key)!;
    if (preload) return null;
    const client = (byExternal.get(connectionId, kind, externalId) as { client_id: number | null } | undefined)?.client_id ?? null;
    known.set(key, client);
    return client;
  };
  // Parents that belong to no client do not count against the one that does (a contact also
  // associated with a prospect company); two different clients do, and then nobody sees it.
  const unique = (ids: (number | null)[]): number | null => {
    const distinct = new Set(ids.filter((id): id is number => id !== null));
    return distinct.size === 1 ? [...distinct][0]! : null;
  };
  const lookup = ((row: Row) => {
    const data = JSON.parse(row.data) as { companyExternalIds?: string[]; customerExternalId?: string | null; projectExternalId?: string | null; invoiceExternalIds?: string[]; requestExternalId?: string; dealExternalIds?: string[] };
    switch (row.kind) {
      // A request message belongs to whoever its request belongs to (issue 16).
      case 'request_message':
        return data.requestExternalId ? clientOf(row.connection_id, 'request', data.requestExternalId) : undefined;
      case 'contact':
      case 'request':
      case 'deal': {
        const companies = data.companyExternalIds ?? [];
        if (companies.length === 0) return undefined;
        return unique(companies.map((id) => clientOf(row.connection_id, 'company', id)));
      }
      // A HubSpot quote is the client's whose deals it quotes for (issue 17); deals of two clients: nobody's.
      case 'quote': {
        const deals = data.dealExternalIds ?? [];
        return deals.length === 0 ? undefined : unique(deals.map((id) => clientOf(row.connection_id, 'deal', id)));
      }
      case 'invoice':
      case 'credit_note':
        return data.customerExternalId ? clientOf(row.connection_id, 'company', data.customerExternalId) : undefined;
      case 'task':
        return data.projectExternalId ? clientOf(row.connection_id, 'project', data.projectExternalId) : undefined;
      case 'payment': {
        if (data.customerExternalId) return clientOf(row.connection_id, 'company', data.customerExternalId);
        const invoices = data.invoiceExternalIds ?? [];
        return invoices.length === 0 ? undefined : unique(invoices.map((id) => clientOf(row.connection_id, 'invoice', id)));
      }
      default:
        return undefined;
    }
  }) as ParentLookup;
  lookup.moved = (row) => known.set(keyOf(row.connection_id, row.kind, row.external_id), row.client_id);
  return lookup;
}
