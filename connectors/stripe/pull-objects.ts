import type { ConnectorContext, PullOptions, PullPage } from '../../src/connector-kit/index.js';
import { callStripe } from './call-stripe.js';
import { eventTargets } from './event-targets.js';
import { EVENT_TYPES, type StripeObjectType } from './object-types.js';
import { PAGE_SIZE, readListPage } from './read-objects.js';
import { fetchStripeObjects } from './fetch-by-ids.js';
import { InvoicePaymentWalk } from './invoice-payment-walk.js';

/** Stripe keeps events for 30 days; an hour of margin so a catch-up never starts at the very edge. */
export const EVENTS_RETENTION_MS = 30 * 24 * 3600_000;
const RETENTION_MARGIN_MS = 3600_000;

/**
 * Where a pull resumes: inside a full listing (after the last id read, newest first), or in the
 * events stream (events created since `since`, ms).
 */
export type StripeCursor = { phase: 'full'; startedAt: number; after: string | null } | { phase: 'events'; since: number };

function readCursor(value: unknown): StripeCursor | null {
  const cursor = value as Partial<StripeCursor> | null;
  if (cursor?.phase === 'full' && typeof cursor.startedAt === 'number') return { phase: 'full', startedAt: cursor.startedAt, after: typeof cursor.after === 'string' ? cursor.after : null };
  if (cursor?.phase === 'events' && typeof cursor.since === 'number') return { phase: 'events', since: cursor.since };
  return null;
}

/**
 * First a full listing; afterwards the events API from the cursor. Events older than Stripe keeps
 * them cannot be read, so a cursor past that falls back to a full listing again (whose sweep
 * also finds what was deleted meanwhile).
 */
export async function* pullObjects(ctx: ConnectorContext, type: StripeObjectType, options: PullOptions): AsyncGenerator<PullPage> {
  const cursor = readCursor(options.cursor);
  if (cursor?.phase === 'full') {
    // A full listing interrupted part-way: finish it, but what the earlier run listed is not known
    // here, so this run is not a complete listing and no deletion sweep follows it.
    yield* listEverything(ctx, type, cursor.startedAt, cursor.after, false);
    return;
  }
  if (cursor?.phase === 'events') {
    if (Date.now() - (cursor.since - options.overlapMs) < EVENTS_RETENTION_MS - RETENTION_MARGIN_MS) {
      yield* catchUpFromEvents(ctx, type, cursor.since - options.overlapMs);
      return;
    }
    ctx.logger.warn('Stripe cursor is older than events are kept (30 days): running a full listing', { objectType: type, since: new Date(cursor.since).toISOString() });
  }
  yield* listEverything(ctx, type, Date.now(), null, true);
}

/**
 * Every live object, page by page with starting_after. Objects created during the listing are
 * ahead of it (lists are newest first); the events read next, from when the listing began, bring them.
 */
async function* listEverything(ctx: ConnectorContext, type: StripeObjectType, startedAt: number, after: string | null, fromStart: boolean): AsyncGenerator<PullPage> {
  // PaymentIntents learn their invoices from one walk over the account's invoice payments, not a request each.
  const walk = type === 'PaymentIntent' ? new InvoicePaymentWalk(ctx) : undefined;
  for (let position = after; ; ) {
    const page = await readListPage(ctx, type, position, walk);
    const last = !page.hasMore;
    yield {
      records: page.records,
      cursor: (last ? { phase: 'events', since: startedAt } : { phase: 'full', startedAt, after: page.lastId }) satisfies StripeCursor,
      complete: fromStart && last,
    };
    if (last) return;
    position = page.lastId;
  }
}

/**
 * Ids named by the events since `from`, then their current state (events are treated as thin:
 * whatever order they come in, the object is read as it is now). The cursor moves only once every
 * event was read, because the events list runs newest first.
 */
async function* catchUpFromEvents(ctx: ConnectorContext, type: StripeObjectType, from: number): AsyncGenerator<PullPage> {
  const startedAt = Date.now();
  const ids = new Set<string>();
  let newest = 0;
  for (let after: string | undefined, more = true; more; ) {
    const page = await callStripe(ctx, (stripe) => stripe.events.list({ created: { gte: Math.floor(from / 1000) }, types: EVENT_TYPES[type], limit: PAGE_SIZE, ...(after ? { starting_after: after } : {}) }));
    for (const event of page.data) {
      newest = Math.max(newest, event.created * 1000);
      for (const target of eventTargets(event as unknown as Parameters<typeof eventTargets>[0])) if (target.objectType === type) ids.add(target.id);
    }
    after = page.data.at(-1)?.id;
    more = page.has_more && after !== undefined;
  }
  // Stripe's clock and ours may differ: never move the cursor behind the newest event seen.
  const done: StripeCursor = { phase: 'events', since: Math.max(startedAt, newest) };
  const pending = [...ids];
  if (pending.length === 0) {
    yield { records: [], cursor: done };
    return;
  }
  for (let i = 0; i < pending.length; i += PAGE_SIZE) {
    const chunk = pending.slice(i, i + PAGE_SIZE);
    const last = i + PAGE_SIZE >= pending.length;
    yield { records: await fetchStripeObjects(ctx, type, chunk), cursor: last ? done : ({ phase: 'events', since: from } satisfies StripeCursor) };
  }
}
