import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../schema.js';

/*
 * The anchor rules of identity linking, as conditions (src/identity/build-client-index.ts says why):
 * a client counts when it is active and not merged; a company or contact counts when the CRM says
 * so (its provider is a CRM) or a person did (linked manually or by provisioning).
 */
type Anchors = DB & { r: DB['records']; l: DB['record_links']; c: DB['clients'] };

export function activeClient(eb: ExpressionBuilder<Anchors, 'c'>) {
  return eb.and([eb('c.status', '=', 'active'), eb('c.merged_into_client_id', 'is', null)]);
}

export function decidedAnchor(eb: ExpressionBuilder<Anchors, 'r' | 'l'>, crmProviders: string[]) {
  const byPerson = eb('l.method', 'in', ['manual', 'provisioning']);
  return crmProviders.length === 0 ? byPerson : eb.or([eb('r.provider', 'in', crmProviders), byPerson]);
}

/** Pairs of key type and keys as one condition on identity_keys `k`; callers ask only with some keys. */
export function keysOfTypes(eb: ExpressionBuilder<DB & { k: DB['identity_keys'] }, 'k'>, keys: { type: string; keys: string[] }[]) {
  return eb.or(keys.filter((group) => group.keys.length > 0).map((group) => eb.and([eb('k.key_type', '=', group.type), eb('k.key', 'in', group.keys)])));
}
