import { providerPairKey, type BillingConfig } from '../config/billing-config.js';

/** The books first, then a payment processor, then anything else: the ledger is what the business reconciles. */
const ROLE_ORDER = ['books', 'payments'];

/**
 * The copy of a mirrored bill that is shown and counted: the one whose provider the workspace
 * names for each pair in the group (`billing.systemOfRecord`), by default the one whose connector
 * declares itself the books (billingRole). With three systems, the provider preferred over the
 * most others wins; ties go to the role order, then the provider id, so the choice is stable.
 */
export function chooseSystemOfRecord<T extends { provider: string; recordId: number }>(members: T[], config: Pick<BillingConfig, 'systemOfRecord' | 'billingRoles'>): T {
  const defaultRank = (provider: string) => {
    const index = ROLE_ORDER.indexOf(config.billingRoles[provider] ?? '');
    return index === -1 ? ROLE_ORDER.length : index;
  };
  const byDefault = (a: string, b: string) => defaultRank(a) - defaultRank(b) || (a < b ? -1 : a > b ? 1 : 0);
  const prefers = (a: string, b: string): boolean => {
    if (a === b) return false;
    const named = config.systemOfRecord[providerPairKey(a, b)];
    return named ? named === a : byDefault(a, b) < 0;
  };
  const wins = (member: T) => members.filter((other) => prefers(member.provider, other.provider)).length;
  return [...members].sort((x, y) => wins(y) - wins(x) || byDefault(x.provider, y.provider) || x.recordId - y.recordId)[0]!;
}
