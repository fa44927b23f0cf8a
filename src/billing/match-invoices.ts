import type { BillingConfig } from '../config/billing-config.js';
import { pairOf, type MatchableInvoice, type MatchDecision, type MatchMethod } from './matchable-invoice.js';
import { chooseSystemOfRecord } from './choose-system-of-record.js';

export interface MatchEdge {
  a: number;
  b: number;
  method: MatchMethod;
  confidence: number;
  detail: string;
}

export interface MatchGroup {
  clientId: number;
  /** The invoice shown and counted: the system of record's copy. */
  primaryId: number;
  /** Every member, the primary first. */
  memberIds: number[];
  /** How each non-primary member joined the group. */
  edges: MatchEdge[];
}

export interface MatchDoubt {
  clientId: number;
  a: number;
  b: number;
  reason: 'conflict' | 'suggestion';
  evidence: string[];
}

export interface MatchResult {
  groups: MatchGroup[];
  doubts: MatchDoubt[];
}

const DAY_MS = 86_400_000;

/**
 * Which invoices are the same bill kept in two systems. Only invoices of one client, from
 * different connections, are ever compared (the same number at another client is another bill).
 *
 * - A **reference** (one cites the other's id, number, charge or payment intent) or the same
 *   **number**, with the same currency, total and settlement, matches outright.
 * - Otherwise the same currency and total, issue dates (and due dates, where both have one)
 *   within the tolerance match **by amount and date** — only when each is the other's single such
 *   candidate in that system and both say the same about what is owed.
 * - Evidence that points both ways (a reference but a different total, a likeness shared by
 *   several invoices, one copy partly paid and the other not) is a **doubt**: never merged, sent
 *   to staff. Staff decisions win over all of it, either way.
 */
export function matchInvoices(invoices: MatchableInvoice[], decisions: MatchDecision[], config: Pick<BillingConfig, 'systemOfRecord' | 'billingRoles' | 'matchToleranceDays'>): MatchResult {
  const decided = new Map(decisions.map((d) => [pairOf(d.recordA, d.recordB).join(':'), d.decision]));
  const byClient = new Map<number, MatchableInvoice[]>();
  for (const invoice of invoices) {
    if (invoice.status === 'draft') continue;
    const list = byClient.get(invoice.clientId) ?? [];
    list.push(invoice);
    byClient.set(invoice.clientId, list);
  }
  const result: MatchResult = { groups: [], doubts: [] };
  for (const [clientId, list] of byClient) {
    const { groups, doubts } = matchClient(clientId, list, decided, config);
    result.groups.push(...groups);
    result.doubts.push(...doubts);
  }
  return result;
}

interface Candidate {
  a: MatchableInvoice;
  b: MatchableInvoice;
  strong: MatchMethod | null;
  detail: string;
  consistent: boolean;
  inconsistency: string[];
  alike: boolean;
}

function matchClient(clientId: number, invoices: MatchableInvoice[], decided: Map<string, 'same' | 'different'>, config: Pick<BillingConfig, 'systemOfRecord' | 'billingRoles' | 'matchToleranceDays'>): MatchResult {
  const edges: MatchEdge[] = [];
  const doubts: MatchDoubt[] = [];
  const heuristic: Candidate[] = [];
  for (const [a, b] of candidatePairs(invoices, decided)) {
    if (a.connectionId === b.connectionId) continue;
    const decision = decided.get(`${a.recordId}:${b.recordId}`);
    if (decision === 'different') continue;
    if (decision === 'same') {
      edges.push({ a: a.recordId, b: b.recordId, method: 'manual', confidence: 1, detail: 'staff decided' });
      continue;
    }
    const candidate = compare(a, b, config.matchToleranceDays);
    if (candidate.strong) {
      if (candidate.consistent) edges.push({ a: a.recordId, b: b.recordId, method: candidate.strong, confidence: candidate.strong === 'reference' ? 1 : 0.95, detail: candidate.detail });
      else doubts.push({ clientId, a: a.recordId, b: b.recordId, reason: 'conflict', evidence: [candidate.detail, ...candidate.inconsistency] });
    } else if (candidate.alike) heuristic.push(candidate);
  }
  // Amount-and-date likeness counts only where no stronger evidence already paired the invoice
  // with that system, and only when it is unique on both sides.
  const byId = new Map(invoices.map((i) => [i.recordId, i]));
  const paired = new Set<string>();
  for (const edge of edges) {
    paired.add(`${edge.a}@${byId.get(edge.b)!.connectionId}`);
    paired.add(`${edge.b}@${byId.get(edge.a)!.connectionId}`);
  }
  for (const doubt of doubts) {
    paired.add(`${doubt.a}@${byId.get(doubt.b)!.connectionId}`);
    paired.add(`${doubt.b}@${byId.get(doubt.a)!.connectionId}`);
  }
  const open = heuristic.filter((c) => !paired.has(`${c.a.recordId}@${c.b.connectionId}`) && !paired.has(`${c.b.recordId}@${c.a.connectionId}`));
  const countFor = (invoice: MatchableInvoice, otherConnection: number) => open.filter((c) => (c.a === invoice && c.b.connectionId === otherConnection) || (c.b === invoice && c.a.connectionId === otherConnection)).length;
  for (const candidate of open) {
    const { a, b } = candidate;
    const unique = countFor(a, b.connectionId) === 1 && countFor(b, a.connectionId) === 1;
    const evidence = [candidate.detail];
    if (!unique) evidence.push('another invoice of this client looks the same');
    if (unique && candidate.consistent) edges.push({ a: a.recordId, b: b.recordId, method: 'amount_date', confidence: 0.9, detail: candidate.detail });
    else doubts.push({ clientId, a: a.recordId, b: b.recordId, reason: candidate.consistent ? 'suggestion' : 'conflict', evidence: [...evidence, ...candidate.inconsistency] });
  }
  return { groups: buildGroups(clientId, invoices, edges, doubts, config), doubts };
}

/**
 * The pairs worth comparing, smaller record id first, each once: those sharing a currency and
 * total, a number, or an identifier one cites, and those staff decided about. A client with
 * thousands of invoices is not compared all against all (this runs inside every sync batch).
 */
function candidatePairs(invoices: MatchableInvoice[], decided: Map<string, 'same' | 'different'>): [MatchableInvoice, MatchableInvoice][] {
  const buckets = new Map<string, MatchableInvoice[]>();
  const add = (key: string, invoice: MatchableInvoice) => {
    const list = buckets.get(key);
    if (list) {
      if (list[list.length - 1] !== invoice) list.push(invoice);
    } else buckets.set(key, [invoice]);
  };
  for (const invoice of invoices) {
    add(`money:${invoice.currency}:${invoice.totalMinor}`, invoice);
    for (const id of [invoice.externalId, ...(invoice.number ? [invoice.number] : []), ...invoice.aliases]) add(`id:${fold(id)}`, invoice);
  }
  const seen = new Set<string>();
  const pairs: [MatchableInvoice, MatchableInvoice][] = [];
  const push = (x: MatchableInvoice, y: MatchableInvoice) => {
    if (x === y) return;
    const [a, b] = x.recordId < y.recordId ? [x, y] : [y, x];
    const key = `${a.recordId}:${b.recordId}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push([a, b]);
  };
  for (const list of buckets.values()) for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) push(list[i]!, list[j]!);
  for (const invoice of invoices) for (const ref of invoice.references) for (const cited of buckets.get(`id:${fold(ref)}`) ?? []) push(invoice, cited);
  const byId = new Map(invoices.map((i) => [i.recordId, i]));
  for (const key of decided.keys()) {
    const [a, b] = key.split(':').map((id) => byId.get(Number(id)));
    if (a && b) push(a, b);
  }
  return pairs.sort(([a1, b1], [a2, b2]) => a1.recordId - a2.recordId || b1.recordId - b2.recordId);
}

function compare(a: MatchableInvoice, b: MatchableInvoice, toleranceDays: number): Candidate {
  const cites = citation(a, b) ?? citation(b, a);
  const sameNumber = a.number !== null && b.number !== null && fold(a.number) === fold(b.number);
  const strong: MatchMethod | null = cites ? 'reference' : sameNumber ? 'number' : null;
  const detail = cites ?? (sameNumber ? `same number ${a.number}` : `same amount, dated within ${toleranceDays} days`);
  const inconsistency: string[] = [];
  if (a.currency !== b.currency || a.totalMinor !== b.totalMinor) inconsistency.push(`totals differ (${a.provider} ${a.totalMinor} ${a.currency}, ${b.provider} ${b.totalMinor} ${b.currency})`);
  else if ((a.status === 'void') !== (b.status === 'void')) inconsistency.push(`void in ${a.status === 'void' ? a.provider : b.provider} only`);
  else if (a.amountDueMinor !== b.amountDueMinor) inconsistency.push(`amount due differs (${a.provider} ${a.amountDueMinor}, ${b.provider} ${b.amountDueMinor})`);
  const sameMoney = a.currency === b.currency && a.totalMinor === b.totalMinor && a.totalMinor !== 0;
  const alike = sameMoney && within(a.issueDate, b.issueDate, toleranceDays, false) && within(a.dueDate, b.dueDate, toleranceDays, true);
  // A number shared by two systems that number independently (1003 in both) proves nothing unless the dates agree too.
  const numberHolds = strong !== 'number' || within(a.issueDate, b.issueDate, toleranceDays, false);
  return { a, b, strong: numberHolds ? strong : null, detail, consistent: inconsistency.length === 0, inconsistency, alike };
}

/** Does `from` cite one of `to`'s identifiers (its provider id, number or an alias)? */
function citation(from: MatchableInvoice, to: MatchableInvoice): string | null {
  if (from.references.length === 0) return null;
  const ids = new Set([to.externalId, ...(to.number ? [to.number] : []), ...to.aliases].map(fold));
  const hit = from.references.find((ref) => ids.has(fold(ref)));
  return hit ? `${from.provider} cites ${to.provider}'s ${hit}` : null;
}

function fold(value: string): string {
  return value.trim().toLowerCase();
}

function within(x: string | null, y: string | null, days: number, missingOk: boolean): boolean {
  if (!x || !y) return missingOk;
  const gap = Math.abs(Date.parse(x.slice(0, 10)) - Date.parse(y.slice(0, 10)));
  return Number.isFinite(gap) && gap <= days * DAY_MS;
}

/**
 * Joins edges into groups, strongest first, refusing any edge that would put two invoices of one
 * connection in one group (one bill has one copy per system): that refusal is a doubt for staff.
 */
function buildGroups(clientId: number, invoices: MatchableInvoice[], edges: MatchEdge[], doubts: MatchDoubt[], config: Pick<BillingConfig, 'systemOfRecord' | 'billingRoles'>): MatchGroup[] {
  const byId = new Map(invoices.map((i) => [i.recordId, i]));
  const rank: Record<MatchMethod, number> = { manual: 0, reference: 1, number: 2, amount_date: 3 };
  const parent = new Map<number, number>();
  const members = new Map<number, number[]>();
  const find = (id: number): number => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  const accepted: MatchEdge[] = [];
  for (const edge of [...edges].sort((x, y) => rank[x.method] - rank[y.method] || x.a - y.a || x.b - y.b)) {
    const ra = find(edge.a);
    const rb = find(edge.b);
    if (ra === rb) {
      accepted.push(edge);
      continue;
    }
    const left = members.get(ra) ?? [ra];
    const right = members.get(rb) ?? [rb];
    const connections = new Set(left.map((id) => byId.get(id)!.connectionId));
    if (right.some((id) => connections.has(byId.get(id)!.connectionId))) {
      doubts.push({ clientId, a: edge.a, b: edge.b, reason: 'conflict', evidence: [edge.detail, 'the group already holds an invoice from the same system'] });
      continue;
    }
    parent.set(rb, ra);
    parent.set(ra, ra);
    members.set(ra, [...left, ...right]);
    members.delete(rb);
    accepted.push(edge);
  }
  const groups: MatchGroup[] = [];
  for (const [root, ids] of members) {
    if (find(root) !== root || ids.length < 2) continue;
    const group = ids.map((id) => byId.get(id)!);
    const primary = chooseSystemOfRecord(group, config);
    groups.push({
      clientId,
      primaryId: primary.recordId,
      memberIds: [primary.recordId, ...ids.filter((id) => id !== primary.recordId).sort((x, y) => x - y)],
      edges: accepted.filter((e) => ids.includes(e.a)),
    });
  }
  return groups.sort((x, y) => x.primaryId - y.primaryId);
}
