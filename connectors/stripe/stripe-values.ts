import { currencyExponent, toMinorUnits } from '../../src/connector-kit/index.js';

/**
 * Stripe's own minor units are not always ISO 4217's: its zero-decimal currencies are listed
 * below, five currencies have three decimals, and every other currency — ISK and HUF included,
 * which ISO and the hub treat as zero-decimal — is sent with two (ISK 100 = 1 króna).
 * https://docs.stripe.com/currencies#zero-decimal
 */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

export function stripeExponent(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  return THREE_DECIMAL.has(currency) ? 3 : 2;
}

/** Stripe's currency ("usd") as the hub's ISO code ("USD"). */
export function stripeCurrency(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z]{3}$/i.test(value)) throw new Error(`Not a Stripe currency: ${JSON.stringify(value)}`);
  return value.toUpperCase();
}

/**
 * A Stripe amount (integer, or a decimal string such as unit_amount_decimal "1050.5") in the
 * hub's minor units for that currency: unchanged where Stripe and ISO agree (USD, JPY, KWD),
 * rescaled exactly where they do not (ISK 10000 → 100).
 */
export function stripeMinor(amount: unknown, currency: string): number {
  if (amount == null) return 0;
  const text = typeof amount === 'number' ? String(amount) : String(amount).trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`Not a Stripe amount: ${JSON.stringify(amount)}`);
  const shift = stripeExponent(currency);
  if (shift === currencyExponent(currency) && /^-?\d+$/.test(text)) return Number(text);
  return toMinorUnits(shiftDecimal(text, shift), currency);
}

/** "1050.5" shifted 2 places left → "10.505", by string so no binary rounding creeps in. */
function shiftDecimal(text: string, places: number): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const padded = whole.padStart(places + 1, '0');
  const result = `${padded.slice(0, padded.length - places)}.${padded.slice(padded.length - places)}${fraction}`;
  return negative ? `-${result}` : result;
}

/** Unix seconds → ISO day (UTC), or null. */
export function stripeDay(seconds: unknown): string | null {
  return typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000).toISOString().slice(0, 10) : null;
}

/** Unix seconds → ISO instant, or null. */
export function stripeInstant(seconds: unknown): string | null {
  return typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
}

/** An expandable field holds an id or the expanded object: the id either way. */
export function expandableId(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}

/** The expanded object of an expandable field, or null when only its id is there. */
export function expanded(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function asStripeObject(raw: unknown, object: string): Record<string, unknown> {
  const value = raw as { object?: unknown; id?: unknown } | null;
  if (!value || typeof value !== 'object' || value.object !== object || typeof value.id !== 'string') {
    throw new Error(`Not a Stripe ${object}: expected { object: "${object}", id, ... }`);
  }
  return value as Record<string, unknown>;
}

/** The items of a Stripe list ({ object: "list", data: [...] }), or of a plain array. */
export function listItems(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value as Record<string, unknown>[];
  const data = (value as { data?: unknown } | null | undefined)?.data;
  return Array.isArray(data) ? (data as Record<string, unknown>[]) : [];
}
