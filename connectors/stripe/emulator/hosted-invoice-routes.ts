/**
 * What hosted_invoice_url and invoice_pdf point at: Stripe's hosted invoice page (where the client
 * pays) and the invoice PDF, both reachable without an API key, as on invoice.stripe.com and
 * pay.stripe.com.
 */
import express from 'express';
import type { Router } from 'express';
import { renderTextPdf } from '../../emulator-support/render-pdf.js';
import type { StripeEmulatorStore } from './stripe-emulator-store.js';
import type { StripeObject } from './stripe-objects.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function invoiceFromToken(store: StripeEmulatorStore, account: string, token: string): StripeObject | undefined {
  if (account !== store.accountId || !token.startsWith('test_')) return undefined;
  const [tokenAccount, invoiceId] = Buffer.from(token.slice(5), 'base64url').toString('utf8').split(':');
  if (tokenAccount !== account || !invoiceId) return undefined;
  const invoice = store.collections.invoices.get(invoiceId);
  return invoice && invoice.status !== 'draft' ? invoice : undefined;
}

const money = (amount: unknown, currency: unknown) => `${String(currency).toUpperCase()} ${(Number(amount) / 100).toFixed(2)}`;

export function hostedInvoiceRoutes(store: StripeEmulatorStore): Router {
  const router = express.Router();
  router.get('/i/:account/:token', (req, res) => {
    const invoice = invoiceFromToken(store, req.params.account, req.params.token);
    if (!invoice) return void res.status(404).type('text/html').send('<!doctype html><title>Invoice not found</title><h1>This invoice link is no longer valid.</h1>');
    const lines = (invoice.lines as { data: { description: string; amount: number }[] }).data.map((line) => `<tr><td>${escape(line.description)}</td><td>${money(line.amount, invoice.currency)}</td></tr>`).join('');
    res.type('text/html').send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoice ${escape(String(invoice.number))} from ${escape(store.accountName)}</title></head><body>` +
        `<h1>${escape(store.accountName)}</h1><p>Invoice <strong>${escape(String(invoice.number))}</strong> for ${escape(String(invoice.customer_name ?? ''))}</p>` +
        `<table>${lines}</table><p>Amount due: <strong>${money(invoice.amount_remaining, invoice.currency)}</strong></p>` +
        `<p>Status: ${escape(String(invoice.status))}</p>${invoice.status === 'open' ? '<button type="button">Pay</button>' : ''}` +
        `<p><a href="${escape(String(invoice.invoice_pdf))}">Download invoice</a></p></body></html>`,
    );
  });
  router.get('/invoice/:account/:token/pdf', (req, res) => {
    const invoice = invoiceFromToken(store, req.params.account, req.params.token);
    if (!invoice) return void res.status(404).type('text/plain').send('Not found');
    const lines = (invoice.lines as { data: { description: string; amount: number; quantity: number }[] }).data.map((line) => `${line.description} x ${line.quantity}  ${money(line.amount, invoice.currency)}`);
    res.type('application/pdf').send(
      renderTextPdf(`${store.accountName}: Invoice ${String(invoice.number)}`, [
        `Bill to: ${String(invoice.customer_name ?? '')} <${String(invoice.customer_email ?? '')}>`,
        `Date of issue: ${new Date(invoice.created * 1000).toISOString().slice(0, 10)}${invoice.due_date ? `   Due: ${new Date(Number(invoice.due_date) * 1000).toISOString().slice(0, 10)}` : ''}`,
        '',
        ...lines,
        '',
        `Total: ${money(invoice.total, invoice.currency)}   Paid: ${money(invoice.amount_paid, invoice.currency)}   Remaining: ${money(invoice.amount_remaining, invoice.currency)}`,
        `Status: ${String(invoice.status)}`,
      ]),
    );
  });
  router.get('/credit_note/:account/:id/pdf', (req, res) => {
    const note = store.collections.credit_notes.get(req.params.id);
    if (!note || req.params.account !== store.accountId) return void res.status(404).type('text/plain').send('Not found');
    res.type('application/pdf').send(renderTextPdf(`${store.accountName}: Credit note ${String(note.number)}`, [`Amount: ${money(note.amount, note.currency)}`, `Memo: ${String(note.memo ?? '')}`]));
  });
  return router;
}
