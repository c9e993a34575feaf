import { describe, expect, it } from 'vitest';
import { totals } from './totals.js';

describe('totals', () => {
  it.each([
    { name: 'empty cart ships free', lines: [], total: 0 },
    { name: 'small cart pays shipping', lines: [{ sku: 'A', unitCents: 1000, quantity: 2 }], total: 2495 },
    { name: 'free shipping threshold', lines: [{ sku: 'A', unitCents: 2500, quantity: 2 }], total: 5000 },
  ])('$name', ({ lines, total }) => {
    expect(totals(lines).totalCents).toBe(total);
  });

  it('rejects fractional quantities', () => {
    expect(() => totals([{ sku: 'A', unitCents: 1, quantity: 0.5 }])).toThrow(RangeError);
  });
});
