/**
 * Matching quality on the fixture world (issue 18): mirrored bills and near-misses built the ways
 * sync tools and look-alike invoices occur. Prints pair-level precision and recall of automatic
 * merging, and how many near-misses went to staff review. `npm run bench:matching`.
 */
import { buildInvoiceFixtureWorld } from '../src/billing/testing/invoice-fixture-world.js';
import { measureMatching } from '../src/billing/measure-matching.js';

const clients = Number(process.argv[2] ?? 15);
const world = buildInvoiceFixtureWorld(18, clients);
const figures = measureMatching(world, { systemOfRecord: {}, billingRoles: { quickbooks: 'books' as const, xero: 'books' as const, stripe: 'payments' as const }, matchToleranceDays: 3 });
const byKind = new Map<string, number>();
for (const kind of world.nearMisses.values()) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
console.log(`invoices: ${world.invoices.length} (${clients} clients)`);
console.log(`mirrored pairs: ${figures.mirroredPairs}; near-miss pairs: ${figures.nearMissPairs} (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})`);
console.log(`merged pairs: ${figures.mergedPairs}; correct: ${figures.truePositives}`);
console.log(`precision: ${figures.precision.toFixed(3)}  recall: ${figures.recall.toFixed(3)}`);
console.log(`near-misses sent to staff review: ${figures.nearMissesReviewed} of ${figures.nearMissPairs}`);
if (figures.falseMerges.length > 0) console.log('false merges:', figures.falseMerges);
if (figures.missed.length > 0) console.log('missed:', figures.missed);
