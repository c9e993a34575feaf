import { createApp, logger } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const server = createApp().listen(port, () => logger.info({ port }, 'storefront api listening'));

process.on('SIGTERM', () => {
  logger.info('SIGTERM received, draining');
  server.close(() => process.exit(0));
});
