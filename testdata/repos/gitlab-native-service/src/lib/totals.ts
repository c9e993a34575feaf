export interface CartLine {
  sku: string;
  unitCents: number;
  quantity: number;
}

export interface Totals {
  subtotalCents: number;
  shippingCents: number;
  totalCents: number;
}

export const FREE_SHIPPING_FROM_CENTS = 5000;
export const SHIPPING_CENTS = 495;

export function totals(lines: CartLine[]): Totals {
  for (const l of lines) {
    if (!Number.isInteger(l.quantity) || l.quantity < 1) {
      throw new RangeError(`invalid quantity ${l.quantity} for ${l.sku}`);
    }
  }
  const subtotalCents = lines.reduce((sum, l) => sum + l.unitCents * l.quantity, 0);
  const shippingCents = subtotalCents === 0 || subtotalCents >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;
  return { subtotalCents, shippingCents, totalCents: subtotalCents + shippingCents };
}
