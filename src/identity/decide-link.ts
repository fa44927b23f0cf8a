import type { ClientIndex } from './build-client-index.js';
import type { RecordIdentity } from './describe-record-identity.js';
import { RULE_CONFIDENCE, type IdentityRules, type LinkRule } from './identity-rules.js';

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
      case 'explicit_id': {
        if (!identity.explicitId) break;
        const clients = index.crmIds.get(identity.explicitId);
        // A CRM id that names no client is stale (the company was merged or deleted): other rules decide.
        if (!clients) note = `${identity.explicitIdField} = ${identity.explicitId} names no client`;
        for (const clientId of clients ?? []) push({ clientId, method: rule, confidence, detail: `${identity.explicitIdField} = ${identity.explicitId}` });
        break;
      }
      case 'email':
        for (const email of identity.emails) for (const clientId of index.emails.get(email) ?? []) push({ clientId, method: rule, confidence, detail: `email ${email}` });
        break;
      case 'domain':
        for (const domain of identity.domains) {
          if (index.isFreeMail(domain)) continue;
          const clients = index.domains.get(domain) ?? new Set<number>();
          // A domain two clients share proves neither: it can only be a suggestion.
          for (const clientId of clients) push({ clientId, method: rule, confidence, detail: clients.size > 1 ? `domain ${domain} (shared by ${clients.size} clients)` : `domain ${domain}` }, clients.size > 1);
        }
        break;
      case 'name':
        if (!identity.name) break;
        for (const clientId of index.names.get(identity.name) ?? []) push({ clientId, method: rule, confidence, detail: `name "${identity.displayName}"` });
        break;
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
