import express, { type Request, type Response, type NextFunction } from 'express';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { registry, httpDuration } from './metrics.js';

export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
}

const catalogue: Product[] = [
  { sku: 'TSHIRT-BLK-M', name: 'T-shirt black M', priceCents: 1999 },
  { sku: 'MUG-LOGO', name: 'Logo mug', priceCents: 1250 },
];

export function createApp() {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/healthz' } }));

  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? 'unmatched', status: String(res.statusCode) }));
    next();
  });

  app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));

  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });

  app.get('/v1/products', (_req, res) => res.json(catalogue));

  app.get('/v1/products/:sku', (req, res) => {
    const product = catalogue.find((p) => p.sku === req.params.sku);
    if (!product) {
      res.status(404).json({ error: 'product not found' });
      return;
    }
    res.json(product);
  });

  return app;
}
