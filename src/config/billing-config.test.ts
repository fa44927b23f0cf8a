import { describe, expect, it } from 'vitest';
import { applyBillingDeclarations, loadBillingConfig } from './billing-config.js';

describe('billing config', () => {
  it('keys the system of record by the sorted pair, and takes instructions from the environment first', () => {
    const config = loadBillingConfig({ CLIENTHUB_PAYMENT_INSTRUCTIONS: '  Wire to IBAN GB00 \n' }, { systemOfRecord: { 'xero+stripe': 'stripe' }, paymentInstructions: 'file' });
    expect(config).toEqual({ systemOfRecord: { 'stripe+xero': 'stripe' }, billingRoles: {}, matchToleranceDays: 3, paymentInstructions: 'Wire to IBAN GB00' });
    expect(loadBillingConfig({}, undefined)).toEqual({ systemOfRecord: {}, billingRoles: {}, matchToleranceDays: 3, paymentInstructions: undefined });
  });

  it('names what is wrong with a pair', () => {
    expect(() => loadBillingConfig({}, { systemOfRecord: { 'stripe+xero': 'quickbooks' } })).toThrow('"quickbooks" is not one of the pair');
    expect(() => loadBillingConfig({}, { systemOfRecord: { 'xero+xero': 'xero' } })).toThrow('name two different providers');
  });

  // Which providers keep invoices, and which are the books, is what the loaded connectors declare.
  const connectors = [
    { provider: 'books-a', billingRole: 'books' as const, objectTypeForKind: { invoice: 'Invoice' } },
    { provider: 'payments-a', billingRole: 'payments' as const, objectTypeForKind: { invoice: 'invoice' } },
    { provider: 'crm-a', objectTypeForKind: {} },
  ];

  it('records each connector’s billing role, and refuses a pair naming a provider without invoices', () => {
    const config = loadBillingConfig({}, { systemOfRecord: { 'payments-a+books-a': 'payments-a' } });
    applyBillingDeclarations(config, connectors);
    expect(config.billingRoles).toEqual({ 'books-a': 'books', 'payments-a': 'payments' });
    const wrong = loadBillingConfig({}, { systemOfRecord: { 'payments-a+crm-a': 'payments-a' } });
    expect(() => applyBillingDeclarations(wrong, connectors)).toThrow('billing.systemOfRecord."crm-a+payments-a": "crm-a" is not a provider with invoices (books-a, payments-a)');
    const unknown = loadBillingConfig({}, { systemOfRecord: { 'payments-a+gone': 'gone' } });
    expect(() => applyBillingDeclarations(unknown, connectors)).toThrow('"gone" is not a provider with invoices');
  });
});
