/**
 * The accounting endpoints under /v3/company/<realmId>: query, cdc, read by id, invoice PDF,
 * preferences and company info, answered in the v3 JSON shapes (`QueryResponse`,
 * `CDCResponse`, `{ <Entity>: {...}, time }`).
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import { renderTextPdf } from '../../emulator-support/render-pdf.js';
import { companyTime } from './company-time.js';
import { QBO_QUERYABLE, type QboEntityName, type QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { QueryError, runQuery } from './run-query.js';
import { sendFault, sendNotFound } from './quickbooks-faults.js';
import { attachableView, tempDownloadUri } from './attachable-downloads.js';

const CDC_LOOKBACK_MS = 30 * 86_400_000;

const entityNamed = (name: string): QboEntityName | undefined => QBO_QUERYABLE.find((entity) => entity.toLowerCase() === name.toLowerCase());

export function quickBooksApiRoutes(store: QuickBooksEmulatorStore): Router {
  const router = express.Router({ mergeParams: true });
  const time = () => companyTime(Date.now(), store.timeZone, true);
  const validation = (res: Response, message: string, detail: string, code = '4000') => sendFault(res, 400, 'ValidationFault', { Message: message, Detail: detail, code }, store.timeZone);

  const query = (req: Request, res: Response, text: string) => {
    try {
      const { entity, answer } = runQuery(store, text);
      if ('totalCount' in answer) {
        res.json({ QueryResponse: { totalCount: answer.totalCount }, time: time() });
        return;
      }
      // An empty page is an empty QueryResponse: no entity key, no positions.
      const rows = entity === 'Attachable' ? answer.rows.map((row) => attachableView(store, row)) : answer.rows;
      const body = rows.length === 0 ? {} : { [entity]: rows, startPosition: answer.startPosition, maxResults: rows.length };
      res.json({ QueryResponse: body, time: time() });
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      validation(res, 'Error parsing query', error.message);
    }
  };
  router.get('/query', (req, res) => query(req, res, String(req.query.query ?? '')));
  // Long queries may be POSTed as application/text.
  router.post('/query', express.text({ type: ['application/text', 'text/plain'] }), (req, res) => query(req, res, typeof req.body === 'string' ? req.body : ''));

  router.get('/cdc', (req, res) => {
    const names = String(req.query.entities ?? '').split(',').map((name) => name.trim()).filter(Boolean);
    const entities = names.map(entityNamed);
    if (names.length === 0 || entities.some((entity) => !entity)) {
      validation(res, 'Invalid entities', `entities must name supported entities, got "${String(req.query.entities ?? '')}"`);
      return;
    }
    // node-quickbooks puts changedSince into the URL unencoded, so "+01:00" arrives as " 01:00": refused here as Intuit refuses it.
    const since = Date.parse(String(req.query.changedSince ?? ''));
    if (Number.isNaN(since)) {
      validation(res, 'Invalid changedSince', `changedSince "${String(req.query.changedSince ?? '')}" is not a date-time`);
      return;
    }
    if (Date.now() - since > CDC_LOOKBACK_MS + 60_000) {
      validation(res, 'Invalid changedSince', 'changedSince may not be more than 30 days in the past');
      return;
    }
    const changed = store.changedSince(entities as QboEntityName[], since);
    const responses = [...changed.entries()].map(([entity, list]) => (list.length === 0 ? {} : { [entity]: list, startPosition: 1, maxResults: list.length, totalCount: list.length }));
    res.json({ CDCResponse: [{ QueryResponse: responses }], time: time() });
  });

  router.get('/preferences', (_req, res) => {
    res.json({
      Preferences: {
        domain: 'QBO',
        sparse: false,
        Id: '1',
        SyncToken: '3',
        CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: store.homeCurrency } },
        SalesFormsPrefs: { AllowServiceDate: false, AllowDiscount: true, DefaultTerms: { value: '3' }, ETransactionEnabledStatus: 'NotApplicable' },
        AccountingInfoPrefs: { BookCloseDate: null, FirstMonthOfFiscalYear: 'January', TaxYearMonth: 'January' },
        TaxPrefs: { UsingSalesTax: true },
        MetaData: { CreateTime: companyTime(store.now() - 400 * 86_400_000, store.timeZone), LastUpdatedTime: companyTime(store.now() - 90 * 86_400_000, store.timeZone) },
      },
      time: time(),
    });
  });

  router.get('/companyinfo/:id', (req, res) => {
    if (req.params.id !== store.realmId) return sendNotFound(res, store.timeZone);
    res.json({
      CompanyInfo: {
        domain: 'QBO',
        sparse: false,
        Id: store.realmId,
        SyncToken: '2',
        CompanyName: store.companyName,
        LegalName: store.companyName,
        Country: 'US',
        SupportedLanguages: 'en',
        CompanyStartDate: companyTime(store.now() - 400 * 86_400_000, store.timeZone).slice(0, 10),
        MetaData: { CreateTime: companyTime(store.now() - 400 * 86_400_000, store.timeZone), LastUpdatedTime: companyTime(store.now() - 90 * 86_400_000, store.timeZone) },
      },
      time: time(),
    });
  });

  router.get('/invoice/:id/pdf', (req, res) => {
    const invoice = store.get('Invoice', req.params.id!);
    if (!invoice) return sendNotFound(res, store.timeZone);
    const currency = (invoice.CurrencyRef as { value: string }).value;
    const amount = (value: unknown) => `${currency} ${Number(value).toFixed(2)}`;
    const lines = (invoice.Line as { DetailType: string; Description?: string; Amount: number }[])
      .filter((line) => line.DetailType === 'SalesItemLineDetail')
      .map((line) => `${line.Description ?? ''}  ${amount(line.Amount)}`);
    const pdf = renderTextPdf(`${store.companyName}: Invoice ${String(invoice.DocNumber)}`, [
      `Bill to: ${(invoice.CustomerRef as { name: string }).name}`,
      `Date: ${String(invoice.TxnDate)}   Due: ${String(invoice.DueDate)}`,
      '',
      ...lines,
      '',
      `Tax: ${amount((invoice.TxnTaxDetail as { TotalTax: number }).TotalTax)}`,
      `Total: ${amount(invoice.TotalAmt)}`,
      `Balance due: ${amount(invoice.Balance)}`,
      ...(invoice.PrivateNote === 'Voided' ? ['VOID'] : []),
    ]);
    res.status(200).type('application/pdf').send(pdf);
  });

  // An attachment's bytes: a temporary URL to them, as text/plain.
  router.get('/download/:id', (req, res) => {
    if (!store.get('Attachable', req.params.id!) || !store.attachmentBytes.has(req.params.id!)) return sendNotFound(res, store.timeZone);
    res.status(200).type('text/plain').send(tempDownloadUri(store, req.params.id!));
  });

  router.get('/:entity/:id', (req, res, next) => {
    const entity = entityNamed(req.params.entity!);
    if (!entity) return next();
    const found = store.get(entity, req.params.id!);
    if (!found) return sendNotFound(res, store.timeZone);
    const body = (entity === 'Attachable' ? attachableView(store, structuredClone(found)) : structuredClone(found)) as Record<string, unknown>;
    // The pay-online link comes only when asked for (include=invoiceLink), where the company takes
    // QuickBooks Payments, and for an invoice that still has a balance (a voided one has none).
    if (entity === 'Invoice' && String(req.query.include ?? '').toLowerCase() === 'invoicelink' && store.paymentsEnabled && Number(found.Balance) > 0) body.InvoiceLink = `${req.protocol}://${req.get('host')}/app/invoice/pay/${store.realmId}/${found.Id}`;
    res.json({ [entity]: body, time: time() });
  });
  return router;
}
