const express = require('express');
const bunyan = require('bunyan');
const Ajv = require('ajv');
const { render } = require('./templates');

const log = bunyan.createLogger({ name: 'notifications-service', level: process.env.LOG_LEVEL || 'info' });
const ajv = new Ajv();
const validateSend = ajv.compile({
  type: 'object',
  required: ['template', 'to', 'vars'],
  properties: {
    template: { type: 'string' },
    to: { type: 'string', minLength: 3 },
    channel: { enum: ['email', 'sms'] },
    vars: { type: 'object' },
  },
});

function createApp({ outbox = [] } = {}) {
  const app = express();
  app.use(express.json({ limit: '64kb' }));

  app.get('/healthz', (req, res) => res.json({ ok: true }));

  app.post('/v1/notifications', (req, res, next) => {
    if (!validateSend(req.body)) {
      res.status(400).json({ errors: validateSend.errors });
      return;
    }
    try {
      const message = render(req.body.template, req.body.vars);
      outbox.push({ to: req.body.to, channel: req.body.channel || 'email', ...message });
      log.info({ template: req.body.template, channel: req.body.channel || 'email' }, 'notification queued');
      res.status(202).json({ queued: true });
    } catch (err) {
      next(err);
    }
  });

  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    log.warn({ err }, 'request failed');
    res.status(err.status || 500).json({ error: err.message });
  });

  return app;
}

module.exports = { createApp, log };
