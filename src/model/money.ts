const exponents = new Map<string, number>();

/** Digits after the decimal point for a currency (JPY 0, USD 2, BHD 3), from the runtime's ICU data (asked once per currency: building a formatter is slow). */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

/**
 * Converts a decimal amount as a provider sends it ("1234.5", 1234.5, "-0.125") to integer
 * minor units without floating-point arithmetic. Extra precision beyond the currency's
 * exponent is rounded half away from zero, as accounting systems do.
 */
export function toMinorUnits(amount: string | number, currency: string): number {
  const exponent = currencyExponent(currency);
  const text = typeof amount === 'number' ? numberToPlainString(amount) : amount.trim();
  const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new Error(`Not a decimal amount: "${amount}"`);
  const negative = match[1] === '-';
  const whole = match[2] || '0';
  const fraction = (match[3] ?? '').padEnd(exponent + 1, '0');
  let minor = BigInt(whole + fraction.slice(0, exponent));
  if (Number(fraction[exponent]) >= 5) minor += 1n;
  const result = Number(negative ? -minor : minor);
  if (!Number.isSafeInteger(result)) throw new Error(`Amount out of range: "${amount}"`);
  return result === 0 ? 0 : result;
}

const plainFormat = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 20 });

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a finite amount: ${value}`);
  // toPrecision(15) drops binary noise (0.1 + 0.2); String() of the result is plain decimal for the
  // magnitudes money has, and the formatter is only needed for the rare exponent notation (1e-7, 1e21).
  const rounded = Number(value.toPrecision(15));
  const text = String(rounded);
  return /e/i.test(text) ? plainFormat.format(rounded) : text;
}
