import { beforeAll, describe, expect, it } from 'vitest';
import { loadConnectorRegistry } from '../../src/connector-kit/registry.js';
import { describeFreshness, describeSources, formatAmount, formatDate, formatMoney } from './format.js';

// Display names are the connectors' own declarations, known once the registry has loaded them.
beforeAll(async () => {
  await loadConnectorRegistry();
});

describe('formatMoney', () => {
  it('reads minor units with the currency’s own number of decimals', () => {
    expect(formatMoney(4_800_000, 'USD')).toBe('$48,000.00');
    expect(formatMoney(1_250_050, 'EUR')).toBe('€12,500.50');
    expect(formatMoney(125_000, 'JPY')).toBe('¥125,000');
    expect(formatMoney(1_234_567, 'BHD')).toBe('BHD\u00a01,234.567');
    expect(formatMoney(5, 'KWD')).toBe('KWD\u00a00.005');
    expect(formatMoney(-199, 'USD')).toBe('-$1.99');
    expect(formatMoney(0, 'GBP')).toBe('£0.00');
  });

  it('stays exact beyond float precision', () => {
    expect(formatMoney(900_719_925_474_099, 'USD')).toBe('$9,007,199,254,740.99');
  });

  it('shows a dash when the amount or its currency is missing', () => {
    expect(formatAmount({ amountMinor: null, currency: 'USD' })).toBe('—');
    expect(formatAmount({ amountMinor: 100, currency: null })).toBe('—');
    expect(formatAmount({ amountMinor: 100, currency: 'USD' })).toBe('$1.00');
  });

  it('never throws on a malformed currency code', () => {
    expect(formatMoney(100, 'dollars')).toBe('100 dollars (minor units)');
  });
});

describe('formatDate', () => {
  it('shows the calendar day as written, whatever the server’s time zone', () => {
    expect(formatDate('2024-03-31')).toBe('31 Mar 2024');
    expect(formatDate('2024-03-31T23:30:00.000Z')).toBe('31 Mar 2024');
    expect(formatDate(null)).toBeNull();
    expect(formatDate('not a date')).toBeNull();
  });
});

describe('describeFreshness', () => {
  const now = Date.parse('2026-11-20T10:00:00Z');
  it('names the source and the age of the data', () => {
    expect(describeFreshness('hubspot', now - 10_000, now)).toBe('from HubSpot, just now');
    expect(describeFreshness('hubspot', now - 60_000, now)).toBe('from HubSpot, 1 minute ago');
    expect(describeFreshness('xero', now - 5 * 60_000, now)).toBe('from Xero, 5 minutes ago');
    expect(describeFreshness('hubspot', now - 3 * 3600_000, now)).toBe('from HubSpot, 3 hours ago');
    expect(describeFreshness('acme', now - 3 * 86_400_000, now)).toBe('from acme, 3 days ago');
  });
});

describe('describeSources', () => {
  const now = Date.parse('2026-11-20T10:00:00Z');
  it('names every provider a figure came from, each with its age', () => {
    expect(describeSources([{ provider: 'xero', syncedAt: now - 2 * 60_000 }, { provider: 'stripe', syncedAt: now - 3600_000 }], now)).toBe('from Xero, 2 minutes ago; from Stripe, 1 hour ago');
    expect(describeSources([], now)).toBe('');
  });
});
