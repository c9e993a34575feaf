import type { FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import { totals, type CartLine } from '../lib/totals.js';

const checkouts = new Counter({ name: 'checkout_sessions_total', help: 'Checkout sessions started', labelNames: ['result'] });

export async function checkoutRoutes(app: FastifyInstance) {
  app.post<{ Body: { lines: CartLine[] } }>('/v1/checkout/sessions', {
    schema: {
      body: {
        type: 'object',
        required: ['lines'],
        properties: {
          lines: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['sku', 'unitCents', 'quantity'],
              properties: { sku: { type: 'string' }, unitCents: { type: 'integer' }, quantity: { type: 'integer' } },
            },
          },
        },
      },
    },
  }, async (req, reply) => {
    try {
      const t = totals(req.body.lines);
      checkouts.inc({ result: 'created' });
      return reply.code(201).send({ id: crypto.randomUUID(), ...t });
    } catch (err) {
      checkouts.inc({ result: 'rejected' });
      return reply.code(422).send({ error: (err as Error).message });
    }
  });
}
