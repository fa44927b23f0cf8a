/**
 * /v1 endpoints the hub reads (lists and retrievals of customers, invoices, invoice payments,
 * payment intents, charges, refunds, credit notes and events) and the few writes a demo needs
 * (create/delete customer, finalize/pay/void/mark_uncollectible an invoice, create a refund),
 * form-encoded with bracketed keys (`expand[0]=…`, `metadata[k]=v`) as the SDK sends them.
 */
import express from 'express';
import type { Request, Router } from 'express';
import type { StripeCollection, StripeEmulatorStore } from './stripe-emulator-store.js';
import type { StripeObject } from './stripe-objects.js';
import { expandObject, expansions, invalidParam, listOf, resourceMissing, StripeRequestError } from './list-objects.js';

const EVENT_RETENTION_S = 30 * 86_400;
/** Basil (2025-03-31) moved paid / payment_intent / charge / subscription off the invoice. */
const BASIL = '2025-03-31';

type Filter = (item: StripeObject, query: Record<string, unknown>) => boolean;
const equals = (field: string, param = field): Filter => (item, query) => query[param] === undefined || item[field] === query[param];

/**
 * GET /v1/invoice_payments?payment[type]=payment_intent&payment[payment_intent]=pi_…: only the invoice
 * payments that payment made (how the hub finds which invoices a PaymentIntent paid, and how much).
 */
const paidBy: Filter = (item, query) => {
  const wanted = query.payment as { type?: string; payment_intent?: string; charge?: string } | undefined;
  if (!wanted || typeof wanted !== 'object') return true;
  const made = item.payment as { type?: string; payment_intent?: string; charge?: string } | undefined;
  if (wanted.type !== undefined && made?.type !== wanted.type) return false;
  if (wanted.payment_intent !== undefined && made?.payment_intent !== wanted.payment_intent) return false;
  return wanted.charge === undefined || made?.charge === wanted.charge;
};

const RESOURCES: { path: string; collection: StripeCollection; kind: string; filters: Filter[] }[] = [
  { path: 'customers', collection: 'customers', kind: 'customer', filters: [(item, query) => query.email === undefined || String(item.email ?? '').toLowerCase() === String(query.email).toLowerCase()] },
  {
    path: 'invoices',
    collection: 'invoices',
    kind: 'invoice',
    filters: [equals('customer'), equals('status'), equals('collection_method'), (item, query) => query.subscription === undefined || (item.parent as { subscription_details?: { subscription?: string } } | null)?.subscription_details?.subscription === query.subscription],
  },
  { path: 'invoice_payments', collection: 'invoice_payments', kind: 'invoice_payment', filters: [equals('invoice'), equals('status'), paidBy] },
  { path: 'payment_intents', collection: 'payment_intents', kind: 'payment_intent', filters: [equals('customer')] },
  { path: 'charges', collection: 'charges', kind: 'charge', filters: [equals('customer'), equals('payment_intent')] },
  { path: 'refunds', collection: 'refunds', kind: 'refund', filters: [equals('charge'), equals('payment_intent')] },
  { path: 'credit_notes', collection: 'credit_notes', kind: 'credit note', filters: [equals('customer'), equals('invoice')] },
];

/** Every query parameter some resource filters by. */
const FILTER_PARAMS = ['email', 'customer', 'status', 'collection_method', 'subscription', 'invoice', 'payment', 'charge', 'payment_intent'];

export function stripeApiRoutes(store: StripeEmulatorStore): Router {
  const router = express.Router();
  const version = (req: Request) => req.get('stripe-version') ?? '2026-10-28.endive';
  const shape = (req: Request, object: Record<string, unknown>) => (object.object === 'invoice' && version(req) < BASIL ? withLegacyInvoiceFields(store, object) : object);
  const shapeList = (req: Request, list: Record<string, unknown>) => ({ ...list, data: (list.data as Record<string, unknown>[]).map((item) => shape(req, item)) });
  const params = (req: Request) => ({ ...(req.query as Record<string, unknown>), ...((req.body as Record<string, unknown> | undefined) ?? {}) });

  for (const resource of RESOURCES) {
    router.get(`/${resource.path}`, (req, res) => {
      const query = params(req);
      // Without a filter parameter every object is listed: page through the store's sorted view.
      const filtered = FILTER_PARAMS.some((param) => query[param] !== undefined);
      const items = filtered ? [...store.collections[resource.collection].values()].filter((item) => resource.filters.every((filter) => filter(item, query))) : store.sortedNewestFirst(resource.collection);
      res.json(shapeList(req, listOf(store, items, query, `/v1/${resource.path}`)));
    });
    router.get(`/${resource.path}/:id`, (req, res) => {
      const id = String(req.params.id);
      const found = store.collections[resource.collection].get(id);
      if (!found) {
        if (resource.collection === 'customers' && store.deletedCustomers.has(id)) return void res.json({ id, object: 'customer', deleted: true });
        throw resourceMissing(resource.kind, id);
      }
      res.json(shape(req, expandObject(store, structuredClone(found), expansions(params(req)))));
    });
  }

  router.get('/invoices/:id/lines', (req, res) => {
    const invoice = store.collections.invoices.get(String(req.params.id));
    if (!invoice) throw resourceMissing('invoice', String(req.params.id));
    const lines = (invoice.lines as { data: Record<string, unknown>[] }).data.map((line, index) => ({ ...line, created: invoice.created - index })) as StripeObject[];
    const list = listOf(store, lines, params(req), `/v1/invoices/${invoice.id}/lines`);
    res.json({ ...list, data: (list.data as Record<string, unknown>[]).map(({ created: _created, ...line }) => line) });
  });

  // Stripe keeps events for 30 days; `type` may end in * ("invoice.*"), `types` lists several.
  router.get('/events', (req, res) => {
    const query = params(req);
    const cutoff = store.seconds() - EVENT_RETENTION_S;
    const types = query.types === undefined ? undefined : (Array.isArray(query.types) ? query.types : Object.values(query.types as object)).map(String);
    if (types && query.type !== undefined) throw invalidParam('types', 'You cannot specify both `type` and `types`.');
    const wanted = (type: string) =>
      (types ?? (query.type === undefined ? undefined : [String(query.type)]))?.some((pattern) => (pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern)) ?? true;
    const items = [...store.collections.events.values()].filter((event) => event.created >= cutoff && wanted(String(event.type)));
    res.json(listOf(store, items, query, '/v1/events'));
  });
  router.get('/events/:id', (req, res) => {
    const event = store.collections.events.get(String(req.params.id));
    if (!event || event.created < store.seconds() - EVENT_RETENTION_S) throw resourceMissing('event', String(req.params.id));
    res.json(event);
  });

  const respond = (req: Request, object: StripeObject) => shape(req, expandObject(store, structuredClone(object), expansions(params(req))));
  const invoiceAction = (action: (id: string) => unknown) => (req: Request, res: express.Response) => {
    const id = String(req.params.id);
    if (!store.collections.invoices.has(id)) throw resourceMissing('invoice', id);
    try {
      action(id);
    } catch (error) {
      throw new StripeRequestError(400, { type: 'invalid_request_error', code: 'invoice_not_editable', message: (error as Error).message.replace('Stripe emulator: ', '') });
    }
    res.json(respond(req, store.require(id)));
  };
  router.post('/invoices/:id/finalize', invoiceAction((id) => store.finalizeInvoice(id)));
  router.post('/invoices/:id/pay', invoiceAction((id) => store.payInvoice(id)));
  router.post('/invoices/:id/void', invoiceAction((id) => store.voidInvoice(id)));
  router.post('/invoices/:id/mark_uncollectible', invoiceAction((id) => store.markUncollectible(id)));

  router.post('/customers', (req, res) => {
    const body = params(req);
    if (body.name !== undefined && typeof body.name !== 'string') throw invalidParam('name', 'Invalid string');
    const customer = store.createCustomer({ name: String(body.name ?? ''), email: body.email as string | undefined, phone: body.phone as string | undefined, description: body.description as string | undefined, metadata: body.metadata as Record<string, string> | undefined });
    res.json(respond(req, customer));
  });
  router.delete('/customers/:id', (req, res) => {
    const id = String(req.params.id);
    if (!store.collections.customers.has(id)) throw resourceMissing('customer', id);
    store.deleteCustomer(id);
    res.json({ id, object: 'customer', deleted: true });
  });
  router.post('/refunds', (req, res) => {
    const body = params(req);
    const target = (body.charge ?? body.payment_intent) as string | undefined;
    if (!target) throw new StripeRequestError(400, { type: 'invalid_request_error', code: 'parameter_missing', message: 'One of the following params should be provided for this request: payment_intent or charge.' });
    if (!store.get(target)) throw resourceMissing(body.charge ? 'charge' : 'payment_intent', target, body.charge ? 'charge' : 'payment_intent');
    try {
      const refund = store.refund(target, { amount: body.amount === undefined ? undefined : Number(body.amount), reason: body.reason as 'requested_by_customer' | undefined });
      res.json(respond(req, refund));
    } catch (error) {
      throw new StripeRequestError(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: (error as Error).message.replace('Stripe emulator: ', '') });
    }
  });
  return router;
}

/** What an invoice looked like before basil, for clients pinned to an older Stripe-Version. */
function withLegacyInvoiceFields(store: StripeEmulatorStore, invoice: Record<string, unknown>): Record<string, unknown> {
  const [latest] = store.paymentsOf(String(invoice.id));
  const paymentIntent = (latest?.payment as { payment_intent?: string } | undefined)?.payment_intent ?? null;
  const charge = paymentIntent ? (store.get(paymentIntent)?.latest_charge as string | null) : null;
  const parent = invoice.parent as { subscription_details?: { subscription?: string } } | null;
  return {
    ...invoice,
    paid: invoice.status === 'paid',
    paid_out_of_band: false,
    payment_intent: paymentIntent,
    charge,
    subscription: parent?.subscription_details?.subscription ?? null,
    tax: null,
    total_tax_amounts: [],
  };
}
