import { describe, expect, it } from 'vitest';
import { toMinorUnits } from './money.js';

describe('money as integer minor units', () => {
  it('converts decimal strings exactly, per currency exponent', () => {
    expect(toMinorUnits('50000.00', 'USD')).toBe(5_000_000);
    expect(toMinorUnits('0.29', 'USD')).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(toMinorUnits('1234', 'JPY')).toBe(1234);
    expect(toMinorUnits('12.345', 'BHD')).toBe(12_345);
    expect(toMinorUnits('-7.5', 'EUR')).toBe(-750);
    expect(toMinorUnits(1234.56, 'USD')).toBe(123_456);
    expect(toMinorUnits('.5', 'USD')).toBe(50);
  });

  it('rounds extra precision half away from zero, and refuses what is not a number', () => {
    expect(toMinorUnits('10.005', 'USD')).toBe(1001);
    expect(toMinorUnits('10.004', 'USD')).toBe(1000);
    expect(toMinorUnits('99.5', 'JPY')).toBe(100);
    expect(() => toMinorUnits('12,50', 'EUR')).toThrow(/Not a decimal amount/);
    expect(() => toMinorUnits('', 'EUR')).toThrow(/Not a decimal amount/);
  });
});
