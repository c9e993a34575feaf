import Fastify from 'fastify';
import { register } from 'prom-client';
import { logger } from './logger.js';
import { checkoutRoutes } from './routes/checkout.js';

const app = Fastify({ logger: false });
let ready = true;

app.get('/livez', async () => ({ status: 'ok' }));
app.get('/readyz', async (_req, reply) => (ready ? { status: 'ok' } : reply.code(503).send({ status: 'draining' })));
app.get('/metrics', async (_req, reply) => reply.type(register.contentType).send(await register.metrics()));
app.register(checkoutRoutes);

const port = Number(process.env.PORT ?? 8080);
await app.listen({ host: '0.0.0.0', port });
logger.info('checkout-gateway listening', { port });

process.once('SIGTERM', async () => {
  ready = false;
  await new Promise((r) => setTimeout(r, 5000));
  await app.close();
});
