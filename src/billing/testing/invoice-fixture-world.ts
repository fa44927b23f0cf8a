import type { MatchableInvoice } from '../matchable-invoice.js';

/**
 * A synthetic billing world for measuring matching: clients billed through Stripe whose invoices
 * are mirrored into Xero or QuickBooks the ways sync tools do it (a Stripe id in the reference or
 * memo, the same number, or nothing but amount and dates), beside near-misses that must not be
 * merged (same amount another month, same number at another client, partial payment in one system
 * only, another currency, a cent apart, two look-alikes, a memo citing another client's bill).
 * Deterministic: a seeded generator, so figures are comparable run to run.
 */
export interface FixtureWorld {
  invoices: MatchableInvoice[];
  /** Pairs that are one bill and should be merged without asking ("a:b", smaller id first). */
  mirrored: Set<string>;
  /** Pairs built to look alike but that must never be merged silently. */
  nearMisses: Map<string, string>;
}

const CONNECTIONS = { stripe: 1, xero: 2, quickbooks: 3 } as const;
type Provider = keyof typeof CONNECTIONS;

export function buildInvoiceFixtureWorld(seed = 18, clients = 15): FixtureWorld {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: small, seeded, good enough for fixtures
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const amount = () => (Math.floor(random() * 400) + 10) * 2_500 + Math.floor(random() * 100);
  let nextId = 1;
  const invoices: MatchableInvoice[] = [];
  const mirrored = new Set<string>();
  const nearMisses = new Map<string, string>();
  const key = (a: MatchableInvoice, b: MatchableInvoice) => (a.recordId < b.recordId ? `${a.recordId}:${b.recordId}` : `${b.recordId}:${a.recordId}`);
  const day = (base: string, offset: number) => new Date(Date.parse(base) + offset * 86_400_000).toISOString().slice(0, 10);
  const numbers: Record<Provider, number> = { stripe: 1, xero: 1, quickbooks: 1001 };

  const make = (clientId: number, provider: Provider, fields: Partial<MatchableInvoice> & { totalMinor: number; issueDate: string }): MatchableInvoice => {
    const id = nextId++;
    const n = numbers[provider]++;
    const invoice: MatchableInvoice = {
      recordId: id,
      clientId,
      connectionId: CONNECTIONS[provider],
      provider,
      externalId: provider === 'stripe' ? `in_1Fx${id.toString(36).padStart(6, '0')}` : provider === 'xero' ? `c0ffee00-0000-4000-8000-${String(id).padStart(12, '0')}` : String(100 + id),
      number: provider === 'stripe' ? `C${clientId}A7F-${String(n).padStart(4, '0')}` : provider === 'xero' ? `INV-${String(n).padStart(4, '0')}` : String(n),
      status: 'open',
      currency: 'USD',
      amountDueMinor: fields.totalMinor,
      dueDate: day(fields.issueDate, 30),
      references: [],
      aliases: provider === 'stripe' ? [`ch_3Fx${id.toString(36).padStart(6, '0')}`] : [],
      ...fields,
    };
    invoices.push(invoice);
    return invoice;
  };
  const month = (m: number) => `2026-${String(m).padStart(2, '0')}-${String(Math.floor(random() * 20) + 1).padStart(2, '0')}`;

  for (let clientId = 1; clientId <= clients; clientId++) {
    const books: Provider = clientId % 2 === 0 ? 'xero' : 'quickbooks';
    // Mirrored bills, three per client, each mirrored a different way.
    for (let k = 0; k < 3; k++) {
      const issued = month(1 + k * 3 + (clientId % 3));
      const total = amount();
      const paid = random() < 0.3;
      const stripe = make(clientId, 'stripe', { totalMinor: total, issueDate: issued, status: paid ? 'paid' : 'open', amountDueMinor: paid ? 0 : total });
      const how = (clientId + k) % 4;
      const lag = Math.floor(random() * 3);
      const mirror = make(clientId, books, {
        totalMinor: total,
        issueDate: day(issued, lag),
        dueDate: day(stripe.dueDate!, lag),
        status: stripe.status,
        amountDueMinor: stripe.amountDueMinor,
        references: how === 0 ? [stripe.externalId] : how === 1 ? [stripe.aliases[0]!] : [],
        // how 2: the sync tool copied the Stripe number; how 3: nothing but amount and dates.
        ...(how === 2 ? { number: stripe.number } : {}),
      });
      mirrored.add(key(stripe, mirror));
    }
    // Hard cases, every fifth client: (a) a mirror posted a week late with nothing citing Stripe —
    // indistinguishable from another bill, so matching is expected to miss it; (b) two different
    // bills of the same amount in the same week — matching is expected to merge them wrongly.
    if (clientId % 5 === 0) {
      const issued = month(10);
      const total = amount();
      const stripe = make(clientId, 'stripe', { totalMinor: total, issueDate: issued });
      const late = make(clientId, books, { totalMinor: total, issueDate: day(issued, 7), dueDate: day(stripe.dueDate!, 7) });
      mirrored.add(key(stripe, late));
      const coincidence = amount();
      const one = make(clientId, 'stripe', { totalMinor: coincidence, issueDate: '2026-12-01' });
      const other = make(clientId, books, { totalMinor: coincidence, issueDate: '2026-12-02', dueDate: day(one.dueDate!, 1) });
      nearMisses.set(key(one, other), 'coincidence: same amount, same week');
    }
    // Every third client also keeps the other book: some bills live in all three systems.
    if (clientId % 3 === 0) {
      const issued = month(11);
      const total = amount();
      const stripe = make(clientId, 'stripe', { totalMinor: total, issueDate: issued });
      const xero = make(clientId, 'xero', { totalMinor: total, issueDate: issued, references: [stripe.externalId] });
      const qb = make(clientId, 'quickbooks', { totalMinor: total, issueDate: day(issued, 1), dueDate: day(stripe.dueDate!, 1), references: [stripe.aliases[0]!] });
      mirrored.add(key(stripe, xero));
      mirrored.add(key(stripe, qb));
      mirrored.add(key(xero, qb));
    }

    // Near-misses.
    // 1. A retainer: the same amount every month, in Stripe, and last month's copy in the books.
    {
      const total = amount();
      const stripe = make(clientId, 'stripe', { totalMinor: total, issueDate: '2026-10-05' });
      const other = make(clientId, books, { totalMinor: total, issueDate: '2026-09-05' });
      nearMisses.set(key(stripe, other), 'same amount, different month');
    }
    // 2. Partial payment recorded in one system only.
    if (clientId % 2 === 1) {
      const total = amount();
      const issued = month(8);
      const stripe = make(clientId, 'stripe', { totalMinor: total, issueDate: issued, status: 'partially_paid', amountDueMinor: Math.floor(total / 2) });
      const other = make(clientId, books, { totalMinor: total, issueDate: issued, dueDate: stripe.dueDate });
      nearMisses.set(key(stripe, other), 'partial payment in one system only');
    }
    // 3. Same amount and dates, another currency.
    if (clientId % 3 === 1) {
      const total = amount();
      const issued = month(7);
      const stripe = make(clientId, 'stripe', { totalMinor: total, issueDate: issued, currency: 'EUR', amountDueMinor: total });
      const other = make(clientId, books, { totalMinor: total, issueDate: issued, dueDate: stripe.dueDate });
      nearMisses.set(key(stripe, other), 'same amount, another currency');
    }
    // 4. A cent apart.
    if (clientId % 3 === 2) {
      const total = amount();
      const issued = month(6);
      const stripe = make(clientId, 'stripe', { totalMinor: total, issueDate: issued });
      const other = make(clientId, books, { totalMinor: total + 1, amountDueMinor: total + 1, issueDate: issued, dueDate: stripe.dueDate });
      nearMisses.set(key(stripe, other), 'a cent apart');
    }
    // 5. Two look-alikes in Stripe, one in the books: which one is it?
    if (clientId % 4 === 0) {
      const total = amount();
      const issued = month(5);
      const first = make(clientId, 'stripe', { totalMinor: total, issueDate: issued });
      const second = make(clientId, 'stripe', { totalMinor: total, issueDate: day(issued, 1), dueDate: first.dueDate });
      const other = make(clientId, books, { totalMinor: total, issueDate: issued, dueDate: first.dueDate });
      nearMisses.set(key(first, other), 'two look-alikes');
      nearMisses.set(key(second, other), 'two look-alikes');
    }
  }
  // 6. Same number, different client: Stripe numbers carry a per-customer prefix, books do not,
  //    so two clients' books share numbers; build it explicitly across clients 1 and 2.
  for (let clientId = 1; clientId < clients; clientId += 2) {
    const total = amount();
    const issued = month(4);
    const mine = make(clientId, 'xero', { totalMinor: total, issueDate: issued, number: `INV-9${clientId}00` });
    const theirs = make(clientId + 1, 'quickbooks', { totalMinor: total, issueDate: issued, number: `INV-9${clientId}00`, dueDate: mine.dueDate });
    nearMisses.set(key(mine, theirs), 'same number, different client');
  }
  // 7. A memo citing another client's Stripe invoice.
  for (let clientId = 2; clientId <= clients; clientId += 3) {
    const total = amount();
    const issued = month(3);
    const stripe = make(clientId, 'stripe', { totalMinor: total, issueDate: issued });
    const other = make(clientId + 1 > clients ? 1 : clientId + 1, pick(['xero', 'quickbooks'] as const), { totalMinor: total, issueDate: issued, references: [stripe.externalId], dueDate: stripe.dueDate });
    nearMisses.set(key(stripe, other), "memo cites another client's invoice");
  }
  return { invoices, mirrored, nearMisses };
}
