import type { Queryable } from '../store/store.js';
import { crmProviders } from './crm-providers.js';
import type { IdentityRules } from './identity-rules.js';
import { buildClientIndex, type ClientIndex, type IndexKeys } from './build-client-index.js';
import { lookupClientIndex } from './lookup-client-index.js';
import { describeRecordIdentity, type RecordIdentity } from './describe-record-identity.js';
import { decideLink } from './decide-link.js';
import { deferLinkWrites, flushLinkWrites, setRecordClient } from './set-record-client.js';
import { openLinkReview } from './write-link-review.js';
import type { LinkRow } from '../store/identity/link-row.js';
import { listLinkRows } from '../store/identity/list-link-rows.js';
import { listWorkspaceLinkRows } from '../store/identity/list-workspace-link-rows.js';
import { listDependentLinkRows } from '../store/identity/list-dependent-link-rows.js';
import { listReferencingLinkRows } from '../store/identity/list-referencing-link-rows.js';
import { listParentClients, type ParentKey } from '../store/identity/list-parent-clients.js';
import { listRecordRaws } from '../store/identity/list-record-raws.js';
import { listLinkReviewStates } from '../store/identity/list-link-review-states.js';
import { closeLinkReview } from '../store/identity/close-link-review.js';

export interface ResolveSummary {
  evaluated: number;
  linked: number;
  unlinked: number;
  reviewed: number;
  unchanged: number;
}

type Row = LinkRow;

/** Kinds that are a client's identity in some system: decided by the rules (or by the CRM, or staff). */
const ROOT_KINDS = new Set(['company', 'project']);
/** Kinds that belong to whatever their parent record in the same connection belongs to; payments last (they may hang off invoices). */
const DEPENDENT_ORDER = ['contact', 'deal', 'quote', 'request', 'request_message', 'invoice', 'credit_note', 'task', 'payment'];

/**
 * Works out, from the cache alone, which client each record belongs to. With `recordIds` only
 * those records (and what hangs off the ones whose client moved) are looked at — the path a sync
 * batch takes, inside its transaction; without, every live record of the workspace is — after a
 * client is provisioned, a rule changes, or staff ask. Manual decisions are never touched.
 * Run it inside a transaction (`q`): the decisions it reads and writes commit together. What it
 * reads, it reads for the whole page at once (records, raw payloads, evidence, parents, reviews):
 * per record it only writes what changed. `options.inserted`: rows of `recordIds` the caller has just
 * inserted in this transaction (no link, no client yet), taken as given instead of read again.
 */
export async function resolveLinks(
  q: Queryable,
  workspaceId: number,
  rules: IdentityRules,
  recordIds?: number[],
  now = Date.now(),
  options: { inserted?: Row[] } = {},
): Promise<ResolveSummary> {
  const summary: ResolveSummary = { evaluated: 0, linked: 0, unlinked: 0, reviewed: 0, unchanged: 0 };
  const rows = recordIds ? await changedLinkRows(q, recordIds, options.inserted ?? []) : await listWorkspaceLinkRows(q, workspaceId);
  if (rows.length === 0) return summary;
  const crm = await crmProviders(q, workspaceId);
  const movedRoots: Row[] = [];
  // New clients, decisions and their audit rows are written together (see DeferredLinkWrites).
  const deferred = deferLinkWrites();
  let stepTwo = false;
  const isRoot = (row: Row) => ROOT_KINDS.has(row.kind);
  const isCrm = (row: Row) => crm.has(row.provider);
  /** Roots the rules judge (a CRM company is the CRM's, never judged by resemblance). */
  const judged = rows.filter((row) => isRoot(row) && !row.manual && !(isCrm(row) && row.kind === 'company'));

  // The raw payload is read only where a configured field path has to look into it: for the page at once.
  const needsRaw = (row: Row) => Boolean(rules.explicitIdFields[row.provider]?.[row.object_type] || rules.contactFields[row.provider]?.[row.object_type]?.length);
  const raws = await listRecordRaws(q, judged.filter(needsRaw).map((row) => row.id));
  const identities = new Map<number, RecordIdentity>();
  const identityOf = (row: Row): RecordIdentity => {
    let identity = identities.get(row.id);
    if (!identity) {
      const raw = raws.has(row.id) ? (JSON.parse(raws.get(row.id)!) as unknown) : null;
      identity = describeRecordIdentity({ provider: row.provider, objectType: row.object_type, data: JSON.parse(row.data) as Record<string, unknown>, raw }, rules);
      identities.set(row.id, identity);
    }
    return identity;
  };
  const reviews = await listLinkReviewStates(q, judged.map((row) => row.id));

  // A sync page looks its evidence up by key (its cost does not grow with the workspace), every key
  // it asks about in one go; a whole-workspace pass, which asks about nearly every key anyway,
  // reads it all in one go. Built when first needed, after the CRM's own picture is up to date.
  let index: ClientIndex | null = null;
  // Evidence stands on clients: what this run moved so far is written before any of it is read.
  const indexFor = async (batch: Row[], flushFirst: boolean): Promise<ClientIndex> => {
    if (flushFirst) await flushLinkWrites(q, deferred);
    index ??= recordIds ? await lookupClientIndex(q, workspaceId, rules.extraFreeMailDomains, crm) : await buildClientIndex(q, workspaceId, rules.extraFreeMailDomains, crm);
    await index.load(keysOf(batch.map(identityOf)));
    return index;
  };

  const evaluateRoot = async (row: Row) => {
    summary.evaluated++;
    if (crm.has(row.provider) && row.kind === 'company') {
      // A CRM company is a client because a deal was won with it (or staff said so), never by resemblance.
      if (row.source_client_id != null && (row.client_id !== row.source_client_id || row.link_method !== 'provisioning')) {
        const moved = await setRecordClient(q, { recordId: row.id, workspaceId, clientId: row.source_client_id, method: 'provisioning', confidence: 1, detail: {}, manual: false, decidedBy: null }, now, row, deferred);
        row.client_id = row.source_client_id;
        parentClient.moved(row);
        if (moved) {
          summary.linked++;
          movedRoots.push(row);
        }
      } else summary.unchanged++;
      return;
    }
    // Billing identities (step 2) had their evidence read for all of them at once, beforehand.
    const decision = decideLink(identityOf(row), await indexFor([row], !stepTwo), rules);
    const review = reviews.get(row.id) ?? {};
    reviews.set(row.id, review);
    const close = async (resolution: string) => {
      if (!review.open) return;
      await closeLinkReview(q, row.id, resolution, null, now);
      delete review.open;
    };
    const audit = { actorType: 'system' as const, action: 'record.link_decided' };
    if (decision.type === 'link') {
      await close(`linked by ${decision.method}`);
      const moved = await setRecordClient(q, { recordId: row.id, workspaceId, clientId: decision.clientId, method: decision.method, confidence: decision.confidence, detail: { rule: decision.method, matched: decision.detail }, manual: false, decidedBy: null, audit }, now, row, deferred);
      row.client_id = decision.clientId;
      parentClient.moved(row);
      if (moved) movedRoots.push(row);
      summary[moved ? 'linked' : 'unchanged']++;
      return;
    }
    // Not linkable now: a record linked earlier by a rule loses that link (never shown on doubt).
    const wasLinked = row.client_id !== null;
    if (wasLinked) {
      await setRecordClient(q, { recordId: row.id, workspaceId, clientId: null, method: null, confidence: 0, detail: { rule: row.link_method ?? 'none', note: decision.type === 'none' ? decision.note : `sent to review (${decision.reason})` }, manual: false, decidedBy: null, audit: { ...audit, action: 'record.unlinked' } }, now, row, deferred);
      row.client_id = null;
      parentClient.moved(row);
      movedRoots.push(row);
    }
    if (decision.type === 'review') {
      const outcome = await openLinkReview(q, workspaceId, row.id, decision.reason, decision.candidates, now, review);
      if (outcome === 'opened' || outcome === 'refreshed') summary.reviewed++;
      else if (!wasLinked) summary.unchanged++;
    } else {
      await close(decision.note ?? 'no rule matches any more');
      if (!wasLinked) summary.unchanged++;
    }
    if (wasLinked) summary.unlinked++;
  };

  const parentClient = parentClientLookup(q, recordIds ? null : rows);
  const evaluateDependent = async (row: Row, queue: Row[]) => {
    summary.evaluated++;
    const clientId = parentClient(row);
    if (clientId === undefined || clientId === row.client_id) {
      summary.unchanged++;
      return;
    }
    await setRecordClient(q, { recordId: row.id, workspaceId, clientId, method: 'association', confidence: 1, detail: {}, manual: false, decidedBy: null }, now, row, deferred);
    row.client_id = clientId;
    parentClient.moved(row);
    summary[clientId === null ? 'unlinked' : 'linked']++;
    if (row.kind === 'invoice' && recordIds) queue.push(...unseen(await listReferencingLinkRows(q, { connectionId: row.connection_id, kind: 'payment', refKind: 'invoice', externalId: row.external_id, withoutCustomer: true })));
    // A deal that changed client takes its quotes with it (they hang off the deal, not the company).
    if (row.kind === 'deal' && recordIds) queue.push(...unseen(await listReferencingLinkRows(q, { connectionId: row.connection_id, kind: 'quote', refKind: 'deal', externalId: row.external_id })));
  };
  const seen = new Set(rows.map((r) => r.id));
  const unseen = (found: Row[]) => found.filter((row) => !seen.has(row.id) && seen.add(row.id));
  const runDependents = async (queue: Row[]) => {
    for (const kind of DEPENDENT_ORDER) {
      const batch = queue.filter((r) => r.kind === kind && !r.manual);
      // Their parents, read for the whole batch in one go (parents this run moved are known already).
      await parentClient.prefetch(batch);
      for (const row of batch) await evaluateDependent(row, queue);
    }
  };

  // 1. The CRM's own picture first (companies won, their contacts and deals): it is what the
  //    client index is built from, so everything else is judged against an up-to-date one.
  for (const row of rows) if (isRoot(row) && isCrm(row) && !row.manual) await evaluateRoot(row);
  const crmDependents = rows.filter((row) => !isRoot(row) && isCrm(row));
  if (recordIds) crmDependents.push(...(await loadDependentsOf(q, movedRoots.splice(0), seen)));
  await runDependents(crmDependents);
  // 2. Billing and project identities by the rules (their evidence read at once); 3. what hangs off them.
  const billing = rows.filter((row) => isRoot(row) && !isCrm(row) && !row.manual);
  stepTwo = true;
  if (billing.length > 0) await indexFor(billing, true);
  for (const row of billing) await evaluateRoot(row);
  const dependents = rows.filter((row) => !isRoot(row) && !isCrm(row));
  if (recordIds) dependents.push(...(await loadDependentsOf(q, movedRoots, seen)));
  await runDependents(dependents);
  await flushLinkWrites(q, deferred);
  return summary;
}

/** The live rows of these ids, in id order: those just inserted as given, the others read. */
async function changedLinkRows(q: Queryable, recordIds: number[], inserted: Row[]): Promise<Row[]> {
  if (inserted.length === 0) return listLinkRows(q, recordIds);
  const given = new Set(inserted.map((row) => row.id));
  const others = [...new Set(recordIds.filter((id) => !given.has(id)))];
  const rows = others.length > 0 ? [...inserted, ...(await listLinkRows(q, others))] : [...inserted];
  return rows.sort((a, b) => a.id - b.id);
}

/** Every key these records will ask the index about. */
function keysOf(identities: RecordIdentity[]): IndexKeys {
  const keys: IndexKeys = { crmIds: [], emails: [], domains: [], names: [], nearNames: [] };
  for (const identity of identities) {
    keys.crmIds.push(...identity.explicitIds.map((e) => e.id));
    keys.emails.push(...identity.emails);
    keys.domains.push(...identity.domains);
    if (identity.name) keys.names.push(identity.name);
    keys.nearNames.push(...identity.declaredNames.map((n) => n.name), ...identity.possibleNames.map((n) => n.name));
  }
  return keys;
}

/** Records in the same connection that point at these roots (customer, company or project references). */
async function loadDependentsOf(q: Queryable, roots: Row[], already: Set<number>): Promise<Row[]> {
  if (roots.length === 0) return [];
  const out: Row[] = [];
  for (const { root: _root, ...row } of await listDependentLinkRows(q, roots)) {
    if (already.has(row.id)) continue;
    already.add(row.id);
    out.push(row);
  }
  return out;
}

/** Ids of the live records that hang off one record (after staff moved it by hand). */
export async function dependentRecordIds(q: Queryable, recordId: number): Promise<number[]> {
  const root = await listLinkRows(q, [recordId]);
  return (await loadDependentsOf(q, root, new Set([recordId]))).map((row) => row.id);
}

/**
 * The client a dependent belongs to by its parent's link: undefined means "no evidence, leave it"
 * (no reference at all); null means "its parents belong to no client, or to several".
 */
interface ParentLookup {
  (row: Row): number | null | undefined;
  /** A record this run moved: later lookups of it as a parent must see its new client. */
  moved(row: Row): void;
  /** Reads the parents of these rows not known yet, in one go: lookups answer from memory. */
  prefetch(rows: Row[]): Promise<void>;
}

type ParentData = { companyExternalIds?: string[]; customerExternalId?: string | null; projectExternalId?: string | null; invoiceExternalIds?: string[]; requestExternalId?: string; dealExternalIds?: string[] };

/** Which parents a dependent follows: one parent, or several that must agree; undefined: no reference at all. */
function parentsOf(row: Row): { kind: string; ids: string[]; single: boolean } | undefined {
  const data = JSON.parse(row.data) as ParentData;
  switch (row.kind) {
    // A request message belongs to whoever its request belongs to (issue 16).
    case 'request_message':
      return data.requestExternalId ? { kind: 'request', ids: [data.requestExternalId], single: true } : undefined;
    case 'contact':
    case 'request':
    case 'deal': {
      const companies = data.companyExternalIds ?? [];
      return companies.length === 0 ? undefined : { kind: 'company', ids: companies, single: false };
    }
    // A HubSpot quote is the client's whose deals it quotes for (issue 17); deals of two clients: nobody's.
    case 'quote': {
      const deals = data.dealExternalIds ?? [];
      return deals.length === 0 ? undefined : { kind: 'deal', ids: deals, single: false };
    }
    case 'invoice':
    case 'credit_note':
      return data.customerExternalId ? { kind: 'company', ids: [data.customerExternalId], single: true } : undefined;
    case 'task':
      return data.projectExternalId ? { kind: 'project', ids: [data.projectExternalId], single: true } : undefined;
    case 'payment': {
      if (data.customerExternalId) return { kind: 'company', ids: [data.customerExternalId], single: true };
      const invoices = data.invoiceExternalIds ?? [];
      return invoices.length === 0 ? undefined : { kind: 'invoice', ids: invoices, single: false };
    }
    default:
      return undefined;
  }
}

function parentClientLookup(q: Queryable, preload: Row[] | null): ParentLookup {
  const known = new Map<string, number | null>();
  const keyOf = (connectionId: number, kind: string, externalId: string) => `${connectionId}\u0000${kind}\u0000${externalId}`;
  // A full pass already holds every live record: parents are looked up in memory, not one query each.
  if (preload) for (const row of preload) if (row.kind === 'company' || row.kind === 'project' || row.kind === 'invoice' || row.kind === 'deal') known.set(keyOf(row.connection_id, row.kind, row.external_id), row.client_id);
  const clientOf = (connectionId: number, kind: string, externalId: string): number | null => {
    const key = keyOf(connectionId, kind, externalId);
    if (known.has(key)) return known.get(key)!;
    if (preload) return null;
    throw new Error(`Parent ${kind} ${externalId} of connection ${connectionId} was not read before it was asked about`);
  };
  // Parents that belong to no client do not count against the one that does (a contact also
  // associated with a prospect company); two different clients do, and then nobody sees it.
  const unique = (ids: (number | null)[]): number | null => {
    const distinct = new Set(ids.filter((id): id is number => id !== null));
    return distinct.size === 1 ? [...distinct][0]! : null;
  };
  // A row's parents are read from its data once (lookups and prefetches ask again).
  const parentsCache = new Map<Row, ReturnType<typeof parentsOf>>();
  const parentsOfRow = (row: Row) => {
    if (parentsCache.has(row)) return parentsCache.get(row);
    const parents = parentsOf(row);
    parentsCache.set(row, parents);
    return parents;
  };
  const lookup = ((row: Row) => {
    const parents = parentsOfRow(row);
    if (!parents) return undefined;
    const clients = parents.ids.map((id) => clientOf(row.connection_id, parents.kind, id));
    return parents.single ? clients[0]! : unique(clients);
  }) as ParentLookup;
  lookup.moved = (row) => known.set(keyOf(row.connection_id, row.kind, row.external_id), row.client_id);
  lookup.prefetch = async (rows) => {
    if (preload) return;
    const wanted: ParentKey[] = [];
    for (const row of rows) {
      const parents = parentsOfRow(row);
      for (const id of parents?.ids ?? []) if (!known.has(keyOf(row.connection_id, parents!.kind, id))) wanted.push({ connectionId: row.connection_id, kind: parents!.kind, externalId: id });
    }
    if (wanted.length === 0) return;
    const found = new Map<string, number | null>();
    for (const parent of await listParentClients(q, wanted)) found.set(keyOf(parent.connectionId, parent.kind, parent.externalId), parent.clientId);
    // No live record under that id: no client (as a lookup of a missing parent always answered).
    for (const parent of wanted) {
      const key = keyOf(parent.connectionId, parent.kind, parent.externalId);
      if (!known.has(key)) known.set(key, found.get(key) ?? null);
    }
  };
  return lookup;
}
