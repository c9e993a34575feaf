import { formatPrice } from './format';

describe('formatPrice', () => {
  it.each([
    [1999, 'EUR', 'de-DE', '19,99\u00a0€'],
    [1250, 'USD', 'en-US', '$12.50'],
  ])('formats %i %s in %s', (cents, currency, locale, want) => {
    expect(formatPrice(cents, currency, locale)).toBe(want);
  });
});
