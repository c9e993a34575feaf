const formatters = new Map<string, Intl.NumberFormat>();

export function formatPrice(cents: number, currency = 'EUR', locale = 'de-DE'): string {
  const key = `${locale}:${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, f);
  }
  return f.format(cents / 100);
}
