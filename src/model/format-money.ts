import { currencyExponent } from './money.js';

/**
 * An amount in integer minor units, shown in its own currency: the currency's exponent comes from
 * ICU (JPY 0, USD 2, BHD 3) and the decimal string is built exactly, with no float in between.
 */
export function formatMoney(amountMinor: number, currency: string): string {
  const money = moneyFormatOf(currency);
  if (!money) return `${amountMinor} ${currency} (minor units)`;
  const { exponent, formatter } = money;
  const digits = Math.abs(amountMinor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const decimal = exponent > 0 ? `${whole}.${digits.slice(-exponent)}` : whole;
  return formatter.format(`${amountMinor < 0 ? '-' : ''}${decimal}` as Intl.StringNumericLiteral);
}

/** Building an Intl.NumberFormat costs far more than formatting with one: one per currency, made once (null: not a currency ICU knows). */
const MONEY_FORMATS = new Map<string, { exponent: number; formatter: Intl.NumberFormat } | null>();

function moneyFormatOf(currency: string): { exponent: number; formatter: Intl.NumberFormat } | null {
  let format = MONEY_FORMATS.get(currency);
  if (format !== undefined) return format;
  try {
    const exponent = currencyExponent(currency);
    format = { exponent, formatter: new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent }) };
  } catch {
    format = null;
  }
  // Currency codes come from provider data: bounded so odd values cannot grow the map without end.
  if (MONEY_FORMATS.size < 1000) MONEY_FORMATS.set(currency, format);
  return format;
}
