import { type ConnectorContext, type PullOptions, type PullPage, type PulledRecord, cursorAfterPass } from '../../src/connector-kit/index.js';
import { xeroMillis } from './xero-values.js';
import { callXero } from './call-xero.js';

export type XeroResource = 'Contact' | 'Invoice' | 'Payment' | 'CreditNote';
export const PAGE_SIZE = 100;

const ID_FIELD: Record<XeroResource, string> = { Contact: 'contactID', Invoice: 'invoiceID', Payment: 'paymentID', CreditNote: 'creditNoteID' };

export function isXeroResource(value: string): value is XeroResource {
  return value in ID_FIELD;
}

/** Dates come back as Date objects: store plain JSON so the raw payload re-maps identically later. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

export function toPulled(type: XeroResource, item: Record<string, unknown>): PulledRecord {
  const raw = plain(item);
  // Deleted invoices, payments and credit notes stay listed with status DELETED. An archived
  // contact is gone for the portal, and a contact that is only a supplier was never a client.
  const deleted = raw.status === 'DELETED' || (type === 'Contact' && (raw.contactStatus === 'ARCHIVED' || (raw.isSupplier === true && raw.isCustomer !== true)));
  return { objectType: type, externalId: String(raw[ID_FIELD[type]]), updatedAt: xeroMillis(raw.updatedDateUTC), deleted, raw };
}

/** One page of one resource, optionally only what changed since (If-Modified-Since) or only some ids. */
export async function readPage(ctx: ConnectorContext, type: XeroResource, page: number, modifiedSince?: Date, ids?: string[]): Promise<Record<string, unknown>[]> {
  const order = 'UpdatedDateUTC ASC';
  switch (type) {
    case 'Invoice': {
      // /Invoices also returns bills (ACCPAY): clients only ever see sales invoices. Asking with a page number brings line items.
      const body = await callXero(ctx, (api, tenant) => api.getInvoices(tenant, modifiedSince, 'Type=="ACCREC"', order, ids, undefined, undefined, undefined, page, true, undefined, 4, false, PAGE_SIZE));
      return (body.invoices ?? []) as unknown as Record<string, unknown>[];
    }
    case 'Contact': {
      const body = await callXero(ctx, (api, tenant) => api.getContacts(tenant, modifiedSince, undefined, order, ids, page, true, false, undefined, PAGE_SIZE));
      return (body.contacts ?? []) as unknown as Record<string, unknown>[];
    }
    case 'Payment': {
      const where = ids?.length ? ids.map((id) => `PaymentID==Guid("${id}")`).join(' OR ') : undefined;
      const body = await callXero(ctx, (api, tenant) => api.getPayments(tenant, modifiedSince, where, order, page, PAGE_SIZE));
      return (body.payments ?? []) as unknown as Record<string, unknown>[];
    }
    case 'CreditNote': {
      // Sales credit notes only (ACCRECCREDIT): supplier credits (ACCPAYCREDIT) are not the client's business.
      const byId = ids?.length ? ` AND (${ids.map((id) => `CreditNoteID==Guid("${id}")`).join(' OR ')})` : '';
      const body = await callXero(ctx, (api, tenant) => api.getCreditNotes(tenant, modifiedSince, `Type=="ACCRECCREDIT"${byId}`, order, page, 4, PAGE_SIZE));
      return (body.creditNotes ?? []) as unknown as Record<string, unknown>[];
    }
  }
}

/**
 * If-Modified-Since (cursor minus the overlap window) with page-numbered paging, ordered by
 * UpdatedDateUTC. Payments have no webhook topic in Xero, so this poll is how they arrive.
 */
export async function* pullResources(ctx: ConnectorContext, type: XeroResource, options: PullOptions): AsyncGenerator<PullPage> {
  const startedAt = Date.now();
  const start = (options.cursor as { since: number | null } | null)?.since ?? null;
  const modifiedSince = start == null ? undefined : new Date(start - options.overlapMs);
  let since = start;
  for (let page = 1; ; page++) {
    const items = await readPage(ctx, type, page, modifiedSince);
    const records = items.map((item) => toPulled(type, item));
    for (const record of records) if (record.updatedAt != null && (since == null || record.updatedAt > since)) since = record.updatedAt;
    const last = items.length < PAGE_SIZE;
    // The last page: everything modified before the pass started has been read.
    yield { records, cursor: { since: last ? cursorAfterPass(since, startedAt, options.overlapMs) : since }, complete: start == null && last };
    if (last) return;
  }
}

/** Current state by id; ids Xero no longer returns are tombstoned. */
export async function fetchByIds(ctx: ConnectorContext, objectType: string, externalIds: string[]): Promise<PulledRecord[]> {
  if (!isXeroResource(objectType)) throw new Error(`Xero connector cannot fetch "${objectType}"`);
  const ids = [...new Set(externalIds)];
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`Not a Xero id: "${id}"`);
  const out: PulledRecord[] = [];
  for (let i = 0; i < ids.length; i += PAGE_SIZE) {
    const chunk = ids.slice(i, i + PAGE_SIZE);
    const found = new Map((await readPage(ctx, objectType, 1, undefined, chunk)).map((item) => { const r = toPulled(objectType, item); return [r.externalId, r]; }));
    for (const id of chunk) out.push(found.get(id) ?? { objectType, externalId: id, updatedAt: null, deleted: true, raw: { tombstone: true, id } });
  }
  return out;
}
