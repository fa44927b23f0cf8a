import type Stripe from 'stripe';
import type { ConnectorContext, PulledRecord } from '../../src/connector-kit/index.js';
import { expandableId, listItems } from './stripe-values.js';
import { callStripe, isResourceMissing } from './call-stripe.js';
import type { StripeObjectType } from './object-types.js';
import type { InvoicePaymentWalk } from './invoice-payment-walk.js';

export const PAGE_SIZE = 100;

type Raw = Record<string, unknown>;

/** SDK objects carry Decimal values (unit_amount_decimal) and a lastResponse: keep plain JSON, so the raw payload re-maps identically later. */
function plain(value: unknown): Raw {
  return JSON.parse(JSON.stringify(value)) as Raw;
}

/**
 * What each list and retrieve asks Stripe to expand: an invoice's payments (its PaymentIntents,
 * since invoices no longer carry payment_intent/charge/paid), a PaymentIntent's latest charge
 * (refunded amount, payment method).
 */
const EXPAND: Record<StripeObjectType, string[]> = { Customer: [], Invoice: ['payments'], PaymentIntent: ['latest_charge'] };

async function listRaw(ctx: ConnectorContext, type: StripeObjectType, after: string | null): Promise<{ data: Raw[]; hasMore: boolean }> {
  const params = { limit: PAGE_SIZE, ...(after ? { starting_after: after } : {}), ...(EXPAND[type].length ? { expand: EXPAND[type].map((field) => `data.${field}`) } : {}) };
  const page = await callStripe(ctx, (stripe): Promise<{ data: unknown[]; has_more: boolean }> => {
    switch (type) {
      case 'Customer':
        return stripe.customers.list(params);
      case 'Invoice':
        return stripe.invoices.list(params);
      case 'PaymentIntent':
        return stripe.paymentIntents.list(params);
    }
  });
  return { data: page.data.map(plain), hasMore: page.has_more };
}

/** The current state of one object, or null when Stripe has no such object (resource_missing). */
async function retrieveRaw(ctx: ConnectorContext, type: StripeObjectType, id: string): Promise<Raw | null> {
  const params = EXPAND[type].length ? { expand: EXPAND[type] } : {};
  return callStripe(ctx, async (stripe) => {
    try {
      switch (type) {
        case 'Customer':
          return plain(await stripe.customers.retrieve(id, params));
        case 'Invoice':
          return plain(await stripe.invoices.retrieve(id, params));
        case 'PaymentIntent':
          return plain(await stripe.paymentIntents.retrieve(id, params));
      }
    } catch (error) {
      if (isResourceMissing(error)) return null;
      throw error;
    }
  });
}

/** An invoice embeds its first lines only: read the rest when Stripe says there are more. */
async function completeLines(ctx: ConnectorContext, invoice: Raw): Promise<void> {
  const lines = invoice.lines as { data?: unknown[]; has_more?: boolean } | undefined;
  if (!lines?.has_more || !Array.isArray(lines.data)) return;
  const all = [...lines.data];
  for (let more = true; more; ) {
    const last = expandableId(all.at(-1));
    const page = await callStripe(ctx, (stripe) => stripe.invoices.listLineItems(invoice.id as string, { limit: PAGE_SIZE, ...(last ? { starting_after: last } : {}) }));
    all.push(...page.data.map(plain));
    more = page.has_more && page.data.length > 0;
  }
  invoice.lines = { ...lines, data: all, has_more: false };
}

/**
 * A compact summary of the subscription an invoice bills, where there is one: the current API
 * names it under parent.subscription_details, older versions as `subscription`. Kept on the raw
 * payload (`subscription_summary`): the unified invoice has no subscription field.
 */
function summarizeSubscription(invoice: Raw): void {
  const details = (invoice.parent as { subscription_details?: { subscription?: unknown; metadata?: unknown } | null } | null | undefined)?.subscription_details;
  const id = expandableId(details?.subscription) ?? expandableId(invoice.subscription);
  if (!id) return;
  const lines = listItems(invoice.lines);
  const periods = lines.map((line) => line.period as { start?: number; end?: number } | undefined).filter((p): p is { start: number; end: number } => typeof p?.start === 'number' && typeof p.end === 'number');
  invoice.subscription_summary = {
    id,
    billing_reason: invoice.billing_reason ?? null,
    period_start: periods.length ? Math.min(...periods.map((p) => p.start)) : (invoice.period_start ?? null),
    period_end: periods.length ? Math.max(...periods.map((p) => p.end)) : (invoice.period_end ?? null),
    metadata: details?.metadata ?? null,
  };
}

/**
 * A PaymentIntent no longer names its invoice: the relation is an invoice payment. One intent read
 * on its own (webhook, event) gets the invoice payments GET /v1/invoice_payments lists for it; a
 * listing's pages get theirs from one walk over the account's invoice payments (invoice-payment-walk.ts).
 */
async function attachInvoicePayments(ctx: ConnectorContext, intent: Raw): Promise<void> {
  if ('invoice' in intent) return; // An older API version's payload that still names its invoice.
  const payments = await callStripe(ctx, (stripe: Stripe) => stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: intent.id as string }, limit: PAGE_SIZE }));
  intent.invoice_payments = payments.data.map(plain);
}

/** A PaymentIntent is a payment once money arrived; the ones still waiting, failed or canceled are not listed. */
export function receivedMoney(intent: Raw): boolean {
  return intent.status === 'succeeded' || (typeof intent.amount_received === 'number' && intent.amount_received > 0);
}

/** Adds what the mappings need beyond the object itself (rest of the lines, subscription summary, invoice links). */
async function enrich(ctx: ConnectorContext, type: StripeObjectType, raw: Raw, walk?: InvoicePaymentWalk): Promise<void> {
  if (type === 'Invoice') {
    await completeLines(ctx, raw);
    summarizeSubscription(raw);
  } else if (type === 'PaymentIntent' && !walk) {
    await attachInvoicePayments(ctx, raw);
  }
}

/**
 * Stripe objects have no last-modified time. A record's version is when its state was read:
 * a later read is a later state, so a slow page of a full pass cannot undo a newer webhook fetch.
 */
export function toPulled(type: StripeObjectType, raw: Raw, readAt: number): PulledRecord {
  return { objectType: type, externalId: raw.id as string, updatedAt: readAt, deleted: false, raw };
}

export function tombstone(type: StripeObjectType, id: string, readAt: number, reason: string): PulledRecord {
  return { objectType: type, externalId: id, updatedAt: readAt, deleted: true, raw: { tombstone: true, id, reason } };
}

/**
 * One page of a listing (newest first), enriched: records, and where the next page starts. A
 * PaymentIntent listing passes its walk over the account's invoice payments.
 */
export async function readListPage(ctx: ConnectorContext, type: StripeObjectType, after: string | null, walk?: InvoicePaymentWalk): Promise<{ records: PulledRecord[]; lastId: string | null; hasMore: boolean }> {
  const { data, hasMore } = await listRaw(ctx, type, after);
  const readAt = Date.now();
  const records: PulledRecord[] = [];
  const kept = type === 'PaymentIntent' ? data.filter(receivedMoney) : data;
  if (type === 'PaymentIntent' && walk) await walk.attach(kept);
  for (const raw of kept) {
    await enrich(ctx, type, raw, walk);
    records.push(toPulled(type, raw, readAt));
  }
  return { records, lastId: expandableId(data.at(-1)), hasMore: hasMore && data.length > 0 };
}

/** Current state of one object: deleted customers answer `deleted: true`, deleted invoices 404. */
export async function readOne(ctx: ConnectorContext, type: StripeObjectType, id: string): Promise<PulledRecord> {
  const raw = await retrieveRaw(ctx, type, id);
  const readAt = Date.now();
  if (!raw) return tombstone(type, id, readAt, 'Stripe answered resource_missing');
  if (raw.deleted === true) return tombstone(type, id, readAt, 'deleted in Stripe');
  if (type === 'PaymentIntent' && !receivedMoney(raw)) return tombstone(type, id, readAt, 'PaymentIntent has received no money');
  await enrich(ctx, type, raw);
  return toPulled(type, raw, readAt);
}
