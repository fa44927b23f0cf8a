/**
 * The Accounting API under /api.xro/2.0: Contacts, Invoices (sales and bills), Payments,
 * CreditNotes and Organisation, as xero-node calls them. Lists honour If-Modified-Since, `where`,
 * `order`, `IDs` and `page` (+ `pageSize`, default 100, at most 1 000). Without `page` a list is
 * complete but invoices and credit notes come without line items, as Xero answers; reading one by
 * id brings them. `Accept: application/pdf` on an invoice or credit note answers its PDF.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Request, Response, Router } from 'express';
import { renderTextPdf } from '../../emulator-support/render-pdf.js';
import { envelopeTime, msJson, parseXeroDate } from './xero-dates.js';
import { matchesWhere, parseWhere, sortByOrder, WhereError } from './filter-where.js';
import { ID_FIELD, type XeroCollection, type XeroEmulatorStore, type XeroRecord } from './xero-emulator-store.js';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const NUMBER_FIELD: Partial<Record<XeroCollection, string>> = { Invoices: 'InvoiceNumber', CreditNotes: 'CreditNoteNumber' };

function envelope(collection: string, items: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Id: randomUUID(), Status: 'OK', ProviderName: 'ClientHub', DateTimeUTC: envelopeTime(Date.now()), ...extra, [collection]: items };
}

/** Array parameters arrive comma-joined (IDs=a,b) or repeated (IDs=a&IDs=b, IDs[]=a). */
function listParam(req: Request, name: string): string[] | undefined {
  const raw = (req.query as Record<string, unknown>)[name] ?? (req.query as Record<string, unknown>)[`${name}[]`];
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).flatMap((value) => String(value).split(',')).map((value) => value.trim()).filter(Boolean);
}

export function sendQueryError(res: Response, message: string): void {
  res.status(400).json({ ErrorNumber: 16, Type: 'QueryParseException', Message: message });
}

export function sendNotFound(res: Response): void {
  res.status(404).type('text/plain').send("The resource you're looking for cannot be found");
}

export function xeroApiRoutes(store: XeroEmulatorStore): Router {
  const router = express.Router();

  const list = (collection: XeroCollection, req: Request, res: Response) => {
    let items = [...store.collections[collection].values()];
    const since = req.get('if-modified-since');
    if (since) {
      const ms = Date.parse(since);
      if (Number.isNaN(ms)) return sendQueryError(res, `If-Modified-Since "${since}" is not a date`);
      items = items.filter((item) => store.updatedAt(item) >= ms);
    }
    const ids = listParam(req, 'IDs')?.map((id) => id.toLowerCase());
    if (ids) items = items.filter((item) => ids.includes(String(item[ID_FIELD[collection]]).toLowerCase()));
    const numbers = listParam(req, 'InvoiceNumbers');
    if (numbers && NUMBER_FIELD[collection]) items = items.filter((item) => numbers.includes(String(item[NUMBER_FIELD[collection]!])));
    const contactIds = listParam(req, 'ContactIDs')?.map((id) => id.toLowerCase());
    if (contactIds) items = items.filter((item) => contactIds.includes(String((item.Contact as XeroRecord | undefined)?.ContactID).toLowerCase()));
    const statuses = listParam(req, 'Statuses');
    if (statuses) items = items.filter((item) => statuses.includes(String(item.Status)));
    if (collection === 'Contacts' && req.query.includeArchived !== 'true') items = items.filter((item) => item.ContactStatus !== 'ARCHIVED');
    const searchTerm = typeof req.query.searchTerm === 'string' ? req.query.searchTerm.toLowerCase() : undefined;
    if (searchTerm) items = items.filter((item) => [item.Name, item.EmailAddress, item.InvoiceNumber, item.Reference].some((value) => typeof value === 'string' && value.toLowerCase().includes(searchTerm)));
    try {
      if (typeof req.query.where === 'string' && req.query.where.trim()) {
        const where = parseWhere(req.query.where);
        items = items.filter((item) => matchesWhere(item, where));
      }
      items = sortByOrder(items, typeof req.query.order === 'string' ? req.query.order : undefined);
    } catch (error) {
      if (error instanceof WhereError) return sendQueryError(res, error.message);
      throw error;
    }
    const paged = req.query.page !== undefined;
    const withLines = paged && req.query.summaryOnly !== 'true';
    let extra: Record<string, unknown> = {};
    if (paged) {
      const page = Math.max(1, Number(req.query.page) || 1);
      const pageSize = Math.min(Math.max(Number(req.query.pageSize) || DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
      extra = { pagination: { page, pageSize, pageCount: Math.ceil(items.length / pageSize), itemCount: items.length } };
      items = items.slice((page - 1) * pageSize, page * pageSize);
    }
    const shaped = items.map((item) => {
      const copy = structuredClone(item);
      if ('LineItems' in copy && !withLines) copy.LineItems = [];
      return copy;
    });
    res.json(envelope(collection, shaped, extra));
  };

  const findOne = (collection: XeroCollection, key: string): XeroRecord | undefined => {
    const byId = store.get(collection, key.toLowerCase()) ?? [...store.collections[collection].values()].find((item) => String(item[ID_FIELD[collection]]).toLowerCase() === key.toLowerCase());
    const numberField = NUMBER_FIELD[collection];
    return byId ?? (numberField ? [...store.collections[collection].values()].find((item) => item[numberField] === key) : undefined);
  };

  const one = (collection: XeroCollection, req: Request, res: Response) => {
    const item = findOne(collection, String(req.params.id));
    if (!item) return sendNotFound(res);
    if ((collection === 'Invoices' || collection === 'CreditNotes') && /application\/pdf/i.test(req.get('accept') ?? '')) {
      res.type('application/pdf').send(documentPdf(store, item));
      return;
    }
    res.json(envelope(collection, [structuredClone(item)]));
  };

  // Xero's online invoice (GET /Invoices/{InvoiceID}/OnlineInvoice): the page a customer views and,
  // where the organisation has payment services, pays. Not for drafts, deleted or voided invoices,
  // and only for sales invoices — Xero answers those with a ValidationException.
  router.get('/Invoices/:id/OnlineInvoice', (req, res) => {
    const item = findOne('Invoices', String(req.params.id));
    if (!item) return sendNotFound(res);
    if (item.Type !== 'ACCREC' || ['DRAFT', 'SUBMITTED', 'DELETED', 'VOIDED'].includes(String(item.Status))) {
      res.status(400).json({ ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred', Elements: [{ ValidationErrors: [{ Message: 'Online invoices are not available for draft, deleted, voided or purchase invoices' }] }] });
      return;
    }
    const id = String(item.InvoiceID);
    res.json(envelope('OnlineInvoices', [{ OnlineInvoiceUrl: `${req.protocol}://${req.get('host')}/in/${store.onlineInvoiceToken(id)}` }]));
  });

  for (const collection of ['Contacts', 'Invoices', 'Payments', 'CreditNotes'] as const) {
    router.get(`/${collection}`, (req, res) => list(collection, req, res));
    router.get(`/${collection}/:id`, (req, res) => one(collection, req, res));
  }

  router.get('/Organisation', (_req, res) => {
    const created = msJson(Date.UTC(2021, 2, 1));
    res.json(
      envelope('Organisations', [
        {
          OrganisationID: store.tenantId,
          APIKey: '',
          Name: store.organisationName,
          LegalName: store.organisationName,
          PaysTax: true,
          Version: 'US',
          OrganisationType: 'COMPANY',
          BaseCurrency: store.baseCurrency,
          CountryCode: 'US',
          IsDemoCompany: false,
          OrganisationStatus: 'ACTIVE',
          FinancialYearEndDay: 31,
          FinancialYearEndMonth: 12,
          SalesTaxBasis: 'ACCRUALS',
          SalesTaxPeriod: 'QUARTERLY',
          DefaultSalesTax: 'Tax Exclusive',
          DefaultPurchasesTax: 'Tax Exclusive',
          CreatedDateUTC: created,
          OrganisationEntityType: 'COMPANY',
          Timezone: 'PACIFICSTANDARDTIME',
          ShortCode: '!Bs7Qk',
          Edition: 'BUSINESS',
          Class: 'STANDARD',
          LineOfBusiness: 'Design agency',
          Addresses: [],
          Phones: [],
          ExternalLinks: [],
          PaymentTerms: { Sales: { Day: 30, Type: 'DAYSAFTERBILLDATE' } },
        },
      ]),
    );
  });
  return router;
}

function documentPdf(store: XeroEmulatorStore, item: XeroRecord): Buffer {
  const isInvoice = 'InvoiceID' in item;
  const currency = String(item.CurrencyCode);
  const money = (value: unknown) => `${currency} ${Number(value).toFixed(2)}`;
  const day = (value: unknown) => new Date(parseXeroDate(value) ?? 0).toISOString().slice(0, 10);
  return renderTextPdf(`${store.organisationName}: ${isInvoice ? (item.Type === 'ACCPAY' ? 'Bill' : 'Tax invoice') : 'Credit note'} ${String(item.InvoiceNumber ?? item.CreditNoteNumber)}`, [
    `To: ${String((item.Contact as XeroRecord).Name)}`,
    `Date: ${day(item.Date)}${item.DueDate ? `   Due: ${day(item.DueDate)}` : ''}`,
    `Status: ${String(item.Status)}`,
    '',
    ...(item.LineItems as { Description: string; Quantity: number; LineAmount: number }[]).map((line) => `${line.Description} x ${line.Quantity}  ${money(line.LineAmount)}`),
    '',
    `Subtotal: ${money(item.SubTotal)}   Tax: ${money(item.TotalTax)}   Total: ${money(item.Total)}`,
    isInvoice ? `Amount due: ${money(item.AmountDue)}` : `Remaining credit: ${money(item.RemainingCredit)}`,
  ]);
}
