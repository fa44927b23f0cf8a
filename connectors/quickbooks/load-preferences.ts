import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { callQuickBooks } from './call-quickbooks.js';
import { qbo } from './create-quickbooks-client.js';

/** Home currency rarely changes (QuickBooks forbids it once multicurrency is on): ask a few times a day, not every run. */
const PREFERENCES_TTL_MS = 6 * 3600_000;

interface Preferences {
  CurrencyPrefs?: { HomeCurrency?: { value?: string }; MultiCurrencyEnabled?: boolean };
}

/**
 * The company's home currency from its Preferences: amounts on entities without a CurrencyRef
 * (every entity of a single-currency company) are in it. Kept as connection metadata for mappings.
 */
export async function loadPreferences(ctx: ConnectorContext): Promise<void> {
  const known = ctx.metadata.get<{ value: string; loadedAt: number }>('homeCurrency');
  if (known && Date.now() - known.loadedAt < PREFERENCES_TTL_MS) return;
  const answer = await callQuickBooks(ctx, (client) => qbo<Preferences & { Preferences?: Preferences }>((done) => client.getPreferences(done as (e: unknown, b: unknown) => void)));
  const prefs = answer.Preferences ?? answer;
  const value = prefs.CurrencyPrefs?.HomeCurrency?.value;
  if (!value || !/^[A-Za-z]{3}$/.test(value)) {
    ctx.logger.warn('QuickBooks preferences name no home currency: amounts without a currency use CLIENTHUB_DEFAULT_CURRENCY', { connectionId: ctx.connectionId });
    return;
  }
  ctx.metadata.set('homeCurrency', { value: value.toUpperCase(), multiCurrency: prefs.CurrencyPrefs?.MultiCurrencyEnabled ?? false, loadedAt: Date.now() });
}
