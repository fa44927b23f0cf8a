import type { ClientIndex } from './build-client-index.js';
import type { RecordIdentity } from './describe-record-identity.js';
import { DECLARED_NAME_CONFIDENCE, RULE_CONFIDENCE, type IdentityRules, type LinkRule } from './identity-rules.js';
import { namesResemble } from './normalize-company-name.js';

export interface LinkCandidate {
  clientId: number;
  method: LinkRule;
  confidence: number;
  /** What matched, for the person who reviews it and for the audit log. */
  detail: string;
}

export type LinkDecision =
  | { type: 'link'; clientId: number; method: LinkRule; confidence: number; detail: string }
  | { type: 'review'; reason: 'conflict' | 'suggestion'; candidates: LinkCandidate[] }
  | { type: 'none'; note: string | null };

/**
 * The rules, in the workspace's order, applied to one record. A record is linked only when every
 * rule sure enough to link names the same one client; two clients claiming it, or only weak
 * evidence (a similar name, a domain two clients share), goes to a person instead of a guess.
 */
export function decideLink(identity: RecordIdentity, index: ClientIndex, rules: IdentityRules): LinkDecision {
  const strong: LinkCandidate[] = [];
  const weak: LinkCandidate[] = [];
  let note: string | null = null;
  const threshold = rules.autoLinkConfidence;
  const push = (candidate: LinkCandidate, demoted = false) => (candidate.confidence >= threshold && !demoted ? strong : weak).push(candidate);

  for (const rule of rules.rules) {
    const confidence = RULE_CONFIDENCE[rule];
    switch (rule) {
      case 'explicit_id':
        for (const { field, id } of identity.explicitIds) {
          const clients = index.crmIds.get(id);
          // A CRM id that names no client is stale (the company was merged or deleted): other rules decide.
          if (!clients) note = `${field} = ${id} names no client`;
          for (const clientId of clients ?? []) push({ clientId, method: rule, confidence, detail: `${field} = ${id}` });
        }
        break;
      case 'email':
        for (const email of identity.emails) for (const clientId of index.emails.get(email) ?? []) push({ clientId, method: rule, confidence, detail: `email ${email}` });
        break;
      case 'domain':
        for (const domain of identity.domains) {
          if (index.isFreeMail(domain)) continue;
          const clients: ReadonlySet<number> = index.domains.get(domain) ?? new Set<number>();
          // A domain two clients share proves neither: it can only be a suggestion.
          for (const clientId of clients) push({ clientId, method: rule, confidence, detail: clients.size > 1 ? `domain ${domain} (shared by ${clients.size} clients)` : `domain ${domain}` }, clients.size > 1);
        }
        break;
      case 'name': {
        if (identity.name) for (const clientId of index.names.get(identity.name) ?? []) push({ clientId, method: rule, confidence, detail: `name "${identity.displayName}"` });
        // A field the business fills on purpose with the client's name: an exact (folded) match decides,
        // unless two clients share that name; a near match is only a suggestion.
        for (const { field, name, display } of identity.declaredNames) {
          const clients = index.names.get(name);
          if (clients) for (const clientId of clients) push({ clientId, method: rule, confidence: DECLARED_NAME_CONFIDENCE, detail: clients.size > 1 ? `${field} = "${display}" (a name ${clients.size} clients share)` : `${field} = "${display}"` }, clients.size > 1);
          else for (const clientId of resemblingClients(index, name)) push({ clientId, method: rule, confidence, detail: `${field} = "${display}" (similar name)` }, true);
        }
        for (const { field, name, display } of identity.possibleNames) {
          const exact = index.names.get(name);
          for (const clientId of exact ?? resemblingClients(index, name)) push({ clientId, method: rule, confidence, detail: `${field} = "${display}"${exact ? '' : ' (similar name)'}` }, true);
        }
        break;
      }
    }
  }

  const strongClients = [...new Set(strong.map((c) => c.clientId))];
  if (strongClients.length === 1) {
    const first = strong[0]!;
    return { type: 'link', clientId: first.clientId, method: first.method, confidence: first.confidence, detail: first.detail };
  }
  if (strongClients.length > 1) return { type: 'review', reason: 'conflict', candidates: dedupe([...strong, ...weak]) };
  if (weak.length > 0) return { type: 'review', reason: 'suggestion', candidates: dedupe(weak) };
  return { type: 'none', note };
}

/** One candidate per client and rule, strongest evidence first. */
function dedupe(candidates: LinkCandidate[]): LinkCandidate[] {
  const seen = new Set<string>();
  return candidates
    .sort((a, b) => b.confidence - a.confidence)
    .filter((c) => {
      const key = `${c.clientId}:${c.method}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Clients whose (folded) name is close to this one but not equal: suggestions only. */
function resemblingClients(index: ClientIndex, name: string): Set<number> {
  const out = new Set<number>();
  for (const [known, clients] of index.names.entries()) if (namesResemble(known, name)) for (const clientId of clients) out.add(clientId);
  return out;
}
