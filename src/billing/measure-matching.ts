import type { BillingConfig } from '../config/billing-config.js';
import { matchInvoices } from './match-invoices.js';
import type { FixtureWorld } from './testing/invoice-fixture-world.js';

export interface MatchingFigures {
  mirroredPairs: number;
  nearMissPairs: number;
  mergedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  /** Merged pairs that are not mirrors, each with what it was built as. */
  falseMerges: { pair: string; builtAs: string }[];
  /** Near-misses sent to staff instead of ignored (a doubt, not a merge). */
  nearMissesReviewed: number;
  missed: string[];
}

/** Precision and recall of automatic merging, pair by pair, against the fixture's ground truth. */
export function measureMatching(world: FixtureWorld, config: Pick<BillingConfig, 'systemOfRecord' | 'billingRoles' | 'matchToleranceDays'>): MatchingFigures {
  const result = matchInvoices(world.invoices, [], config);
  const merged = new Set<string>();
  for (const group of result.groups) {
    const ids = [...group.memberIds].sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) merged.add(`${ids[i]}:${ids[j]}`);
  }
  const truePositives = [...merged].filter((pair) => world.mirrored.has(pair)).length;
  const doubts = new Set(result.doubts.map((d) => `${Math.min(d.a, d.b)}:${Math.max(d.a, d.b)}`));
  return {
    mirroredPairs: world.mirrored.size,
    nearMissPairs: world.nearMisses.size,
    mergedPairs: merged.size,
    truePositives,
    precision: merged.size === 0 ? 1 : truePositives / merged.size,
    recall: world.mirrored.size === 0 ? 1 : truePositives / world.mirrored.size,
    falseMerges: [...merged].filter((pair) => !world.mirrored.has(pair)).map((pair) => ({ pair, builtAs: world.nearMisses.get(pair) ?? 'unrelated' })),
    nearMissesReviewed: [...world.nearMisses.keys()].filter((pair) => doubts.has(pair)).length,
    missed: [...world.mirrored].filter((pair) => !merged.has(pair)),
  };
}
