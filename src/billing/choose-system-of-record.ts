import { providerPairKey } from '../config/billing-config.js';

/** The books first, then Stripe, then anything else: the ledger is what the business reconciles. */
const DEFAULT_ORDER = ['quickbooks', 'xero', 'stripe'];

/**
 * The copy of a mirrored bill that is shown and counted: the one whose provider the workspace
 * names for each pair in the group (`billing.systemOfRecord`), the books by default. With three
 * systems, the provider preferred over the most others wins; ties go to the default order.
 */
export function chooseSystemOfRecord<T extends { provider: string; recordId: number }>(members: T[], systemOfRecord: Record<string, string>): T {
  const defaultRank = (provider: string) => {
    const index = DEFAULT_ORDER.indexOf(provider);
    return index === -1 ? DEFAULT_ORDER.length : index;
  };
  const prefers = (a: string, b: string): boolean => {
    if (a === b) return false;
    const named = systemOfRecord[providerPairKey(a, b)];
    return named ? named === a : defaultRank(a) < defaultRank(b);
  };
  const wins = (member: T) => members.filter((other) => prefers(member.provider, other.provider)).length;
  return [...members].sort((x, y) => wins(y) - wins(x) || defaultRank(x.provider) - defaultRank(y.provider) || x.recordId - y.recordId)[0]!;
}
