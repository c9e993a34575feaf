// dd-trace must be initialised before any instrumented module is required.
require('dd-trace').init({ logInjection: true, runtimeMetrics: false });

const { createApp, log } = require('./app');

const port = Number(process.env.PORT || 3000);
const server = createApp().listen(port, () => log.info({ port }, 'notifications-service listening'));

process.on('SIGTERM', () => server.close(() => process.exit(0)));
