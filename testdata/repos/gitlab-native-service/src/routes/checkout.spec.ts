import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { checkoutRoutes } from './checkout.js';

describe('POST /v1/checkout/sessions', () => {
  const app = Fastify();
  app.register(checkoutRoutes);

  it('creates a session with totals', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/checkout/sessions',
      payload: { lines: [{ sku: 'A', unitCents: 1200, quantity: 1 }] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ totalCents: 1695 });
  });

  it('rejects an empty cart', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/checkout/sessions', payload: { lines: [] } });
    expect(res.statusCode).toBe(400);
  });
});
