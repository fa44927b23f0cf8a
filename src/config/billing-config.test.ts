import { describe, expect, it } from 'vitest';
import { loadBillingConfig } from './billing-config.js';

describe('billing config', () => {
  it('keys the system of record by the sorted pair, and takes instructions from the environment first', () => {
    const config = loadBillingConfig({ CLIENTHUB_PAYMENT_INSTRUCTIONS: '  Wire to IBAN GB00 \n' }, { systemOfRecord: { 'xero+stripe': 'stripe' }, paymentInstructions: 'file' });
    expect(config).toEqual({ systemOfRecord: { 'stripe+xero': 'stripe' }, matchToleranceDays: 3, paymentInstructions: 'Wire to IBAN GB00' });
    expect(loadBillingConfig({}, undefined)).toEqual({ systemOfRecord: {}, matchToleranceDays: 3, paymentInstructions: undefined });
  });

  it('names what is wrong with a pair', () => {
    expect(() => loadBillingConfig({}, { systemOfRecord: { 'stripe+hubspot': 'stripe' } })).toThrow('billing.systemOfRecord."stripe+hubspot": "hubspot" is not a billing provider');
    expect(() => loadBillingConfig({}, { systemOfRecord: { 'stripe+xero': 'quickbooks' } })).toThrow('"quickbooks" is not one of the pair');
    expect(() => loadBillingConfig({}, { systemOfRecord: { 'xero+xero': 'xero' } })).toThrow('name two different providers');
  });
});
